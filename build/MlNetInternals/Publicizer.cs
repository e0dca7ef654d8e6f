// Build-time step behind build/MlNetInternals.targets (compiled by MSBuild's RoslynCodeTaskFactory).
//
// Writes compile-time reference copies of ML.NET assemblies in which non-public types and members
// are made visible (see PublicizeType for exactly which), so that C# can name ModelSaveContext,
// VersionInfo, IRowMapper, ... The copies are only ever given to the compiler; at run time the real
// NuGet assemblies are loaded and [assembly: IgnoresAccessChecksTo("...")] in the consuming assembly
// lets the CLR accept the access.
//
// Metadata is only relaxed, never restructured: no member is added, removed or renamed, and
// virtual/abstract/sealed/final flags are left as they are, so overriding works as in the original.

using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Mono.Cecil;

public sealed class MlNetInternalsPublicize : Task
{
    /// <summary>The original assemblies (left untouched).</summary>
    [Required]
    public ITaskItem[] Assemblies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Directory that receives the publicized copies, under the same file names.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>
    /// Every assembly the compiler references: their folders are where Cecil looks up the types it
    /// must resolve to write the copy (e.g. the enum behind a parameter's default value).
    /// </summary>
    public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        Directory.CreateDirectory(OutputDirectory);
        using var resolver = new DefaultAssemblyResolver();
        foreach (string directory in Assemblies.Concat(References)
                     .Select(i => Path.GetDirectoryName(i.GetMetadata("FullPath")))
                     .Distinct(StringComparer.Ordinal))
            resolver.AddSearchDirectory(directory);
        foreach (ITaskItem item in Assemblies)
        {
            string source = item.GetMetadata("FullPath");
            string target = Path.Combine(OutputDirectory, Path.GetFileName(source));
            int count = Publicize(source, target, resolver);
            Log.LogMessage(MessageImportance.Low, "MlNetInternals: {0} -> {1} ({2} items made visible)", source, target, count);
        }
        return !Log.HasLoggedErrors;
    }

    private static int Publicize(string source, string target, IAssemblyResolver resolver)
    {
        // Read into memory (no file handle kept on the NuGet cache) and write to a temporary file
        // first, so an interrupted build never leaves a half-written reference behind. Deferred
        // reading decodes only what is touched; custom attribute blobs are copied as they are.
        var parameters = new ReaderParameters { ReadingMode = ReadingMode.Deferred, InMemory = true, ReadSymbols = false, AssemblyResolver = resolver };
        string temp = target + ".tmp";
        int count = 0;
        using (AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(source, parameters))
        {
            foreach (TypeDefinition type in assembly.MainModule.GetTypes())   // includes nested types
            {
                if (IsPolyfillOrGenerated(type))
                    continue;
                count += PublicizeType(type);
            }
            assembly.Write(temp);
        }
        File.Delete(target);   // the task is compiled for netstandard2.0: no File.Move(..., overwrite)
        File.Move(temp, target);
        return count;
    }

    // Skipped: compiler-generated types (closures, <>c, anonymous types, <PrivateImplementationDetails>)
    // and the attribute polyfills that netstandard2.0 assemblies embed privately (System.*,
    // Microsoft.CodeAnalysis.*): Core and Data each carry their own internal copy of e.g.
    // System.Runtime.CompilerServices.NullableAttribute, and public they would be two more
    // candidates beside the framework's for any code that names them (CS0433).
    private static bool IsPolyfillOrGenerated(TypeDefinition type)
    {
        for (TypeDefinition t = type; t != null; t = t.DeclaringType)
        {
            if (t.Name.StartsWith("<", StringComparison.Ordinal) || IsCompilerGenerated(t))
                return true;
            if (t.DeclaringType == null)
            {
                string ns = t.Namespace;
                if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) ||
                    ns == "Microsoft.CodeAnalysis" || ns.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal))
                    return true;
            }
        }
        return false;
    }

    // The copy shows C# what an ML.NET friend assembly (InternalsVisibleTo, e.g.
    // Microsoft.ML.TorchSharp) sees, no more:
    //   internal, protected internal     -> public     (friends may use them anywhere)
    //   private protected                -> protected  (friends may use them from derived classes)
    //   protected internal virtual/abstract -> protected, so an override reads "protected override"
    //   private                          -> unchanged
    // Private members stay private on purpose: made public, a base class's private field or method
    // clashes with a same-named member of a derived class (CS0108, e.g. MapperBase._parent) and can
    // silently win overload resolution over the overload ML.NET's own code would call.
    private static int PublicizeType(TypeDefinition type)
    {
        int count = 0;
        TypeAttributes typeAccess = type.Attributes & TypeAttributes.VisibilityMask;
        TypeAttributes newTypeAccess = typeAccess switch
        {
            TypeAttributes.NotPublic => TypeAttributes.Public,
            TypeAttributes.NestedAssembly or TypeAttributes.NestedFamORAssem => TypeAttributes.NestedPublic,
            TypeAttributes.NestedFamANDAssem => TypeAttributes.NestedFamily,
            _ => typeAccess,
        };
        if (newTypeAccess != typeAccess)
        {
            type.Attributes = (type.Attributes & ~TypeAttributes.VisibilityMask) | newTypeAccess;
            count++;
        }

        foreach (MethodDefinition method in type.Methods)
        {
            // Lambdas and local functions (<Outer>b__0_0, <M>g__F|1_0) are implementation details.
            if (method.Name.StartsWith("<", StringComparison.Ordinal))
                continue;
            MethodAttributes access = method.Attributes & MethodAttributes.MemberAccessMask;
            bool overridable = method.IsVirtual && !method.IsFinal;
            MethodAttributes newAccess = access switch
            {
                MethodAttributes.Assembly => MethodAttributes.Public,
                MethodAttributes.FamORAssem => overridable ? MethodAttributes.Family : MethodAttributes.Public,
                MethodAttributes.FamANDAssem => MethodAttributes.Family,
                _ => access,
            };
            if (newAccess != access)
            {
                method.Attributes = (method.Attributes & ~MethodAttributes.MemberAccessMask) | newAccess;
                count++;
            }
        }

        foreach (FieldDefinition field in type.Fields)
        {
            if (field.Name.StartsWith("<", StringComparison.Ordinal))
                continue;
            FieldAttributes access = field.Attributes & FieldAttributes.FieldAccessMask;
            FieldAttributes newAccess = access switch
            {
                FieldAttributes.Assembly or FieldAttributes.FamORAssem => FieldAttributes.Public,
                FieldAttributes.FamANDAssem => FieldAttributes.Family,
                _ => access,
            };
            if (newAccess != access)
            {
                field.Attributes = (field.Attributes & ~FieldAttributes.FieldAccessMask) | newAccess;
                count++;
            }
        }
        // Properties and events have no accessibility of their own: C# derives it from the accessors.
        return count;
    }

    private static bool IsCompilerGenerated(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes &&
        provider.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute");
}
