using System.Runtime.CompilerServices;

// The attribute class comes from Microsoft.ML.Gan (InternalsVisibleTo); see build/MlNetInternals.targets.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]
