using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Microsoft.ML.Gan.Tests.Architecture
{
    /// <summary>The documents of methods and types, by metadata row, as paths relative to the project folder.</summary>
    internal sealed class PdbDocuments
    {
        // Portable PDB custom debug information: the documents of a type that has no method with sequence points.
        private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

        private readonly Dictionary<int, string[]> _methods = new();
        private readonly Dictionary<int, string[]> _types = new();

        public PdbDocuments(string pdbPath, string projectFolder)
        {
            using var stream = File.OpenRead(pdbPath);
            using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
            var pdb = provider.GetMetadataReader();
            string? Relative(DocumentHandle handle) => RelativePath(pdb.GetString(pdb.GetDocument(handle).Name), projectFolder);

            foreach (var handle in pdb.MethodDebugInformation)
            {
                var info = pdb.GetMethodDebugInformation(handle);
                var files = new SortedSet<string>(StringComparer.Ordinal);
                if (!info.SequencePointsBlob.IsNil)
                {
                    foreach (var point in info.GetSequencePoints())
                    {
                        if (Relative(point.Document) is { } file)
                            files.Add(file);
                    }
                }
                if (files.Count > 0)
                    _methods[MetadataTokens.GetRowNumber(handle)] = files.ToArray();
            }

            foreach (var handle in pdb.CustomDebugInformation)
            {
                var info = pdb.GetCustomDebugInformation(handle);
                if (info.Parent.Kind != HandleKind.TypeDefinition || pdb.GetGuid(info.Kind) != TypeDefinitionDocuments)
                    continue;
                var files = new SortedSet<string>(StringComparer.Ordinal);
                var blob = pdb.GetBlobReader(info.Value);
                while (blob.RemainingBytes > 0)
                {
                    if (Relative(MetadataTokens.DocumentHandle(blob.ReadCompressedInteger())) is { } file)
                        files.Add(file);
                }
                _types[MetadataTokens.GetRowNumber(info.Parent)] = files.ToArray();
            }
        }

        /// <summary>The files of the method in metadata row <paramref name="row"/>: where its sequence points are.</summary>
        public string[] Method(int row) =>
            _methods.TryGetValue(row, out var files) ? files : Array.Empty<string>();

        /// <summary>The files recorded for the type in metadata row <paramref name="row"/> when it has no code (an enum, an interface).</summary>
        public string[] Type(int row) =>
            _types.TryGetValue(row, out var files) ? files : Array.Empty<string>();

        // Build paths may be mapped (/_/src/...) or absolute; what follows the project folder is the same. Generated
        // files under obj/ and files outside the project are no source of the project.
        private static string? RelativePath(string document, string projectFolder)
        {
            string path = document.Replace('\\', '/');
            string marker = "/" + projectFolder.Trim('/') + "/";
            int at = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
                return null;
            string relative = path[(at + marker.Length)..];
            return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal) ? null : relative;
        }
    }
}
