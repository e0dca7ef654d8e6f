using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;

namespace Microsoft.ML.Gan.Tests.Architecture
{
    /// <summary>A type declared in the library: its name and the source files (relative to the project folder) that declare it.</summary>
    internal sealed record DeclaredType(string FullName, string Name, IReadOnlyList<string> Files);

    /// <summary>A source file that uses a type of the project, and a folder that type is declared in.</summary>
    internal sealed record TypeUse(string File, string Type, string Name, string TypeFolder);

    /// <summary>
    /// The library's types and what each source file uses of them, read from the compiled assembly rather than the
    /// source text, so that names resolved by the compiler count (a parent namespace, a using alias, a fully qualified
    /// name, a <c>var</c>). A file uses a type when its code names or touches it: base types, interfaces, attributes,
    /// field, property, event, parameter, return and local types, generic arguments and constraints, and every type,
    /// method and field an instruction refers to, with the types of that member's signature (so that
    /// <c>x.Kind == ColumnKind.Continuous</c>, which compiles to a constant, still uses <c>ColumnKind</c>). Which file
    /// holds which code comes from the portable PDB: a method's sequence points, a type's documents for types without
    /// code, and the declaring type's files for what has no code of its own (fields, signatures of abstract members).
    /// Not seen: a constant of another folder used by value (the compiler copies it), and assembly-level attributes.
    /// </summary>
    internal sealed class ProjectTypes
    {
        public ProjectTypes(IReadOnlyList<DeclaredType> types, IReadOnlyList<TypeUse> uses, IReadOnlyList<string> withoutSource)
        {
            Types = types;
            Uses = uses;
            WithoutSource = withoutSource;
        }

        /// <summary>Every type declared in source (nested ones included).</summary>
        public IReadOnlyList<DeclaredType> Types { get; }

        /// <summary>Each (file, used type, folder of that type) once.</summary>
        public IReadOnlyList<TypeUse> Uses { get; }

        /// <summary>Types that are not compiler-generated yet have no source file in the PDB; the rules cannot judge them.</summary>
        public IReadOnlyList<string> WithoutSource { get; }

        /// <summary>Reads <paramref name="assemblyPath"/> and the PDB beside it; <paramref name="projectFolder"/> is the path segment source files sit under.</summary>
        public static ProjectTypes Read(string assemblyPath, string projectFolder)
        {
            string pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
            if (!File.Exists(pdbPath))
                throw new FileNotFoundException($"The rules need the portable PDB beside the assembly: {pdbPath}", pdbPath);
            var documents = new PdbDocuments(pdbPath, projectFolder);
            using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { ReadSymbols = false });
            return new Reader(module, documents).Read();
        }

        private sealed class Reader
        {
            private readonly ModuleDefinition _module;
            private readonly PdbDocuments _documents;
            private readonly Dictionary<TypeDefinition, string[]> _files = new();
            private readonly HashSet<(string File, TypeDefinition Type)> _seen = new();
            private readonly List<(string File, TypeDefinition Type)> _uses = new();

            public Reader(ModuleDefinition module, PdbDocuments documents)
            {
                _module = module;
                _documents = documents;
            }

            public ProjectTypes Read()
            {
                var all = _module.GetTypes().Where(t => t.Name != "<Module>").ToList();
                var withoutSource = new List<string>();
                foreach (var type in all)
                {
                    var files = FilesOf(type);
                    if (files.Length == 0 && !IsCompilerGenerated(type))
                        withoutSource.Add(DisplayName(type));
                }
                foreach (var type in all)
                    Collect(type);

                var declared = all.Where(t => !IsCompilerGenerated(t) && FilesOf(t).Length > 0)
                    .Select(t => new DeclaredType(DisplayName(t), t.Name, FilesOf(t))).ToList();
                var uses = _uses.SelectMany(u => FilesOf(u.Type).Select(ArchitectureCheck.FolderOf).Distinct()
                        .Select(folder => new TypeUse(u.File, DisplayName(u.Type), u.Type.Name, folder)))
                    .Distinct().ToList();
                return new ProjectTypes(declared, uses, withoutSource);
            }

            // A type's files: those of its code, else its documents; compiler-generated nested types without either
            // belong to the files of the type they are nested in.
            private string[] FilesOf(TypeDefinition type)
            {
                if (_files.TryGetValue(type, out var files))
                    return files;
                files = type.Methods.SelectMany(m => _documents.Method((int)m.MetadataToken.RID)).Concat(_documents.Type((int)type.MetadataToken.RID))
                    .Distinct().OrderBy(f => f, StringComparer.Ordinal).ToArray();
                if (files.Length == 0 && type.DeclaringType is { } outer)
                    files = FilesOf(outer);
                _files[type] = files;
                return files;
            }

            private void Collect(TypeDefinition type)
            {
                var files = FilesOf(type);
                if (files.Length == 0)
                    return;
                void OnType(TypeReference? t)
                {
                    foreach (var file in files)
                        Use(file, t);
                }
                OnType(type.BaseType);
                foreach (var i in type.Interfaces)
                    OnType(i.InterfaceType);
                Attributes(type.CustomAttributes, OnType);
                GenericParameters(type.GenericParameters, OnType);
                foreach (var field in type.Fields)
                {
                    OnType(field.FieldType);
                    Attributes(field.CustomAttributes, OnType);
                }
                foreach (var property in type.Properties)
                {
                    OnType(property.PropertyType);
                    Attributes(property.CustomAttributes, OnType);
                }
                foreach (var e in type.Events)
                {
                    OnType(e.EventType);
                    Attributes(e.CustomAttributes, OnType);
                }
                foreach (var method in type.Methods)
                {
                    var own = _documents.Method((int)method.MetadataToken.RID);
                    var methodFiles = own.Length > 0 ? own : files;
                    void OnMethodType(TypeReference? t)
                    {
                        foreach (var file in methodFiles)
                            Use(file, t);
                    }
                    Method(method, OnMethodType);
                }
            }

            private static void Method(MethodDefinition method, Action<TypeReference?> onType)
            {
                onType(method.ReturnType);
                Attributes(method.CustomAttributes, onType);
                Attributes(method.MethodReturnType.CustomAttributes, onType);
                GenericParameters(method.GenericParameters, onType);
                foreach (var p in method.Parameters)
                {
                    onType(p.ParameterType);
                    Attributes(p.CustomAttributes, onType);
                }
                foreach (var o in method.Overrides)
                    Member(o, onType);
                if (!method.HasBody)
                    return;
                foreach (var v in method.Body.Variables)
                    onType(v.VariableType);
                foreach (var h in method.Body.ExceptionHandlers)
                    onType(h.CatchType);
                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case TypeReference t:
                            onType(t);
                            break;
                        case MemberReference m:
                            Member(m, onType);
                            break;
                        case CallSite c:
                            onType(c.ReturnType);
                            foreach (var p in c.Parameters)
                                onType(p.ParameterType);
                            break;
                    }
                }
            }

            // A member and its signature: the declaring type, a field's type, a method's return and parameter types and
            // generic arguments.
            private static void Member(MemberReference member, Action<TypeReference?> onType)
            {
                onType(member.DeclaringType);
                switch (member)
                {
                    case FieldReference f:
                        onType(f.FieldType);
                        break;
                    case GenericInstanceMethod g:
                        foreach (var a in g.GenericArguments)
                            onType(a);
                        Member(g.ElementMethod, onType);
                        break;
                    case MethodReference m:
                        onType(m.ReturnType);
                        foreach (var p in m.Parameters)
                            onType(p.ParameterType);
                        break;
                }
            }

            private static void Attributes(IEnumerable<CustomAttribute> attributes, Action<TypeReference?> onType)
            {
                foreach (var a in attributes)
                {
                    onType(a.AttributeType);
                    foreach (var argument in a.ConstructorArguments)
                        Argument(argument, onType);
                    foreach (var named in a.Fields.Concat(a.Properties))
                        Argument(named.Argument, onType);
                }
            }

            private static void Argument(CustomAttributeArgument argument, Action<TypeReference?> onType)
            {
                onType(argument.Type);
                switch (argument.Value)
                {
                    case TypeReference t:
                        onType(t);
                        break;
                    case CustomAttributeArgument boxed:
                        Argument(boxed, onType);
                        break;
                    case CustomAttributeArgument[] elements:
                        foreach (var e in elements)
                            Argument(e, onType);
                        break;
                }
            }

            private static void GenericParameters(IEnumerable<GenericParameter> parameters, Action<TypeReference?> onType)
            {
                foreach (var p in parameters)
                {
                    foreach (var c in p.Constraints)
                        onType(c.ConstraintType);
                }
            }

            // Records the project types inside a type reference (element types, generic arguments, modifiers).
            private void Use(string file, TypeReference? type)
            {
                switch (type)
                {
                    case null:
                    case GenericParameter:
                        return;
                    case GenericInstanceType g:
                        Use(file, g.ElementType);
                        foreach (var a in g.GenericArguments)
                            Use(file, a);
                        return;
                    case IModifierType m:
                        Use(file, m.ModifierType);
                        Use(file, m.ElementType);
                        return;
                    case FunctionPointerType f:
                        Use(file, f.ReturnType);
                        foreach (var p in f.Parameters)
                            Use(file, p.ParameterType);
                        return;
                    case TypeSpecification s:
                        Use(file, s.ElementType);
                        return;
                }
                var definition = type as TypeDefinition ?? (type.Scope == _module ? _module.GetType(type.FullName) : null);
                if (definition is null || definition.Module != _module)
                    return;
                // A closure, iterator or delegate cache is part of the type it is generated for.
                while (IsCompilerGenerated(definition) && definition.DeclaringType is { } outer)
                    definition = outer;
                if (IsCompilerGenerated(definition))
                    return;
                if (_seen.Add((file, definition)))
                    _uses.Add((file, definition));
            }

            // Also what is nested in a generated type (<PrivateImplementationDetails>'s fixed-size buffers).
            private static bool IsCompilerGenerated(TypeDefinition type) =>
                type.Name.StartsWith('<') || type.CustomAttributes.Any(a => a.AttributeType.FullName is
                    "System.Runtime.CompilerServices.CompilerGeneratedAttribute" or "Microsoft.CodeAnalysis.EmbeddedAttribute")
                || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));

            private static string DisplayName(TypeDefinition type) => type.FullName.Replace('/', '.');
        }
    }
}
