using System;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Dates as the continuous values a table model learns: days since 0001-01-01 (a double keeps a tick's
    /// precision across that range well below a millisecond). <c>default(DateTime)</c>, which ML.NET's loaders
    /// give an empty date field, is the missing date and maps to NaN, and back.
    /// </summary>
    internal static class DateValues
    {
        public static double ToDays(DateTime value) =>
            value == default ? double.NaN : (double)value.Ticks / TimeSpan.TicksPerDay;

        /// <summary>A day count as the date it is, for messages.</summary>
        public static string Format(double days) =>
            FromDays(days).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The date of a day count (rounded to the tick, kept inside DateTime's range); NaN gives the missing date.</summary>
        public static DateTime FromDays(double days)
        {
            if (double.IsNaN(days))
                return default;
            double ticks = Math.Round(days * TimeSpan.TicksPerDay);
            return new DateTime((long)Math.Clamp(ticks, DateTime.MinValue.Ticks + 1, DateTime.MaxValue.Ticks));
        }
    }
}
