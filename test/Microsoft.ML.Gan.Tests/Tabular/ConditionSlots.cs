using Microsoft.ML.Gan.Tabular;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Condition slots by column and category name, as generation resolves them (Find, then Slot).</summary>
    internal static class ConditionSlots
    {
        public static int Slot(this GenerationConditions conditions, string column, string value)
        {
            var (position, category) = conditions.Find(column, value);
            return conditions.Slot(position, category);
        }
    }
}
