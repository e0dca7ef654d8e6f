// This assembly is compiled against copies of ML.NET's Core and Data assemblies whose internals are
// public (build/MlNetInternals.targets); at run time it binds to the real ones. These attributes tell
// the runtime to skip visibility checks from this assembly into those two, so that the calls and
// overrides the compiler accepted (ModelSaveContext, ModelLoadContext, VersionInfo, IRowMapper,
// RowToRowTransformerBase.MapperBase, ...) also pass when the code runs. See docs/ARCHITECTURE.md, fact 3.

[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// Recognised by the CLR by name (it is not part of the public framework surface): the assembly
    /// carrying it may access non-public types and members of the named assembly.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName)
        {
            AssemblyName = assemblyName;
        }

        /// <summary>Simple name of the assembly whose access checks are skipped.</summary>
        public string AssemblyName { get; }
    }
}
