using Microsoft.ML.Data;

namespace TabularAugmentation
{
    /// <summary>One row of UCI Adult (data/adult.csv): numbers as Single, categories as text.</summary>
    public sealed class AdultRow
    {
        [LoadColumn(0)] public float Age;
        [LoadColumn(1)] public string Workclass = "";
        [LoadColumn(2)] public float Fnlwgt;
        [LoadColumn(3)] public string Education = "";
        [LoadColumn(4)] public float EducationNum;
        [LoadColumn(5)] public string MaritalStatus = "";
        [LoadColumn(6)] public string Occupation = "";
        [LoadColumn(7)] public string Relationship = "";
        [LoadColumn(8)] public string Race = "";
        [LoadColumn(9)] public string Sex = "";
        [LoadColumn(10)] public float CapitalGain;
        [LoadColumn(11)] public float CapitalLoss;
        [LoadColumn(12)] public float HoursPerWeek;
        [LoadColumn(13)] public string NativeCountry = "";
        [LoadColumn(14)] public string Income = "";

        public static readonly string[] Categorical =
            { "Workclass", "Education", "MaritalStatus", "Occupation", "Relationship", "Race", "Sex", "NativeCountry" };

        public static readonly string[] Numeric = { "Age", "Fnlwgt", "EducationNum", "CapitalGain", "CapitalLoss", "HoursPerWeek" };
    }
}
