// Rewrites one "version needed" entry of an ELF shared library (docs/ARCHITECTURE.md, fact 2).
//
// TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and asks for
// GLIBCXX_3.4.32; Debian 12 and Ubuntu 22.04 ship libstdc++ up to GLIBCXX_3.4.30, so the dynamic
// loader refuses the library. The only symbol bound to that version is _ZSt21ios_base_library_initv,
// a marker GCC 13's <iostream> references and nothing relocates against. Pointing the Vernaux entry
// (.gnu.version_r) at another version the same library already needs from the same file, and which
// the system has, makes the library load; no code or symbol changes. The entry keeps its version
// index, so it now duplicates another entry's name, which glibc's loader accepts (checked with
// dlopen(RTLD_NOW) and TorchSharp). A version that some relocation binds is never rewritten (Unsafe).
//
// Plain C# on the BCL only: compiled into the build's inline task (RoslynCodeTaskFactory, against
// netstandard 2.0 reference assemblies, so no Span/BinaryPrimitives here) and into the test project.
// ELF64 little-endian only (the only kind TorchSharp ships for Linux).

#nullable enable

namespace Microsoft.ML.Gan.NativeFix
{
    using System;
    using System.Collections.Generic;
    using System.Diagnostics;
    using System.IO;
    using System.Text;

    /// <summary>Outcome of <see cref="ElfVersionNeedPatcher.Patch(string, string, string, Func{string, bool})"/>.</summary>
    public enum PatchStatus
    {
        /// <summary>The version-needed entry was rewritten; the output differs from the input.</summary>
        Patched,
        /// <summary>The library does not ask for the version (e.g. already patched); output is an unchanged copy.</summary>
        NotNeeded,
        /// <summary>The system already has the version (<c>systemHas(missingVersion)</c>); output is an unchanged copy.</summary>
        SystemHasVersion,
        /// <summary>No other version from the same file that the system has could stand in; output is an unchanged copy.</summary>
        NoReplacement,
        /// <summary>A relocation refers to a symbol bound to the version, so renaming it could change behaviour; output is an unchanged copy.</summary>
        Unsafe,
    }

    /// <summary>What <see cref="ElfVersionNeedPatcher"/> found and did.</summary>
    public sealed class PatchResult
    {
        internal PatchResult(PatchStatus status, string missingVersion, string? neededFrom, string? replacement,
                             IReadOnlyList<string> symbols, IReadOnlyList<string> relocatedSymbols)
        {
            Status = status;
            MissingVersion = missingVersion;
            NeededFrom = neededFrom;
            Replacement = replacement;
            Symbols = symbols;
            RelocatedSymbols = relocatedSymbols;
        }

        public PatchStatus Status { get; }
        /// <summary>True when the output differs from the input.</summary>
        public bool Changed => Status == PatchStatus.Patched;
        public string MissingVersion { get; }
        /// <summary>The file the version is needed from (Verneed vn_file), e.g. libstdc++.so.6; null when not needed.</summary>
        public string? NeededFrom { get; }
        /// <summary>The version the entry now names (Patched) or would name; null when there is none.</summary>
        public string? Replacement { get; }
        /// <summary>Dynamic symbols bound to the missing version.</summary>
        public IReadOnlyList<string> Symbols { get; }
        /// <summary>Those of <see cref="Symbols"/> that a relocation refers to (non-empty only when Unsafe).</summary>
        public IReadOnlyList<string> RelocatedSymbols { get; }

        public override string ToString()
        {
            string symbols = Symbols.Count == 0 ? "no symbols" : "symbols: " + string.Join(", ", Symbols);
            switch (Status)
            {
                case PatchStatus.Patched:
                    return MissingVersion + " (" + NeededFrom + ", " + symbols + ") rewritten to " + Replacement;
                case PatchStatus.NotNeeded:
                    return "the library does not need " + MissingVersion;
                case PatchStatus.SystemHasVersion:
                    return "the system has " + MissingVersion;
                case PatchStatus.NoReplacement:
                    return "no version that the system has can stand in for " + MissingVersion + " (" + NeededFrom + ", " + symbols + ")";
                default:
                    return MissingVersion + " is not safe to rewrite: relocations refer to " + string.Join(", ", RelocatedSymbols);
            }
        }
    }

    /// <summary>One Vernaux entry of .gnu.version_r: the library needs version <see cref="Name"/> from <see cref="File"/>.</summary>
    public sealed class VersionNeed
    {
        internal VersionNeed(string file, string name, uint hash, ushort flags, ushort index, long entryOffset)
        {
            File = file; Name = name; Hash = hash; Flags = flags; Index = index; EntryOffset = entryOffset;
        }

        public string File { get; }
        public string Name { get; }
        /// <summary>vna_hash.</summary>
        public uint Hash { get; }
        /// <summary>vna_flags (VER_FLG_WEAK = 2).</summary>
        public ushort Flags { get; }
        /// <summary>vna_other: the version index symbols refer to in .gnu.version.</summary>
        public ushort Index { get; }
        /// <summary>File offset of the Vernaux entry.</summary>
        public long EntryOffset { get; }
        public bool IsWeak => (Flags & ElfVersionNeedPatcher.VER_FLG_WEAK) != 0;

        public override string ToString() => File + ": " + Name + (IsWeak ? " (weak)" : "");
    }

    /// <summary>Thrown for a file that is not an ELF64 little-endian object or is truncated or malformed.</summary>
    public sealed class ElfFormatException : BadImageFormatException
    {
        public ElfFormatException(string message, string? fileName) : base(message, fileName) { }
    }

    public static class ElfVersionNeedPatcher
    {
        public const uint SHT_RELA = 4;
        public const uint SHT_DYNSYM = 11;
        public const uint SHT_REL = 9;
        public const uint SHT_GNU_verdef = 0x6ffffffd;
        public const uint SHT_GNU_verneed = 0x6ffffffe;
        public const uint SHT_GNU_versym = 0x6fffffff;
        public const ushort VER_FLG_BASE = 1;
        public const ushort VER_FLG_WEAK = 2;

        /// <summary>
        /// Writes <paramref name="outputPath"/>: a copy of <paramref name="inputPath"/> in which every
        /// Vernaux entry naming <paramref name="missingVersion"/> names instead the highest version of the
        /// same family (e.g. GLIBCXX_3.4.30) that the library already needs from the same file and for
        /// which <paramref name="systemHas"/> is true. The entry keeps its version index, so the .gnu.version
        /// table is untouched, and no new requirement is introduced. Whatever the status, the output is
        /// written (an unchanged copy unless Patched), via a temporary file, with the input's permissions.
        /// The input is never modified unless it is also the output.
        /// </summary>
        public static PatchResult Patch(string inputPath, string outputPath, string missingVersion, Func<string, bool> systemHas)
        {
            if (inputPath == null) throw new ArgumentNullException(nameof(inputPath));
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            byte[] image = ReadFile(inputPath);
            PatchResult result = PatchImage(image, missingVersion, systemHas, inputPath);

            string fullIn = Path.GetFullPath(inputPath);
            string fullOut = Path.GetFullPath(outputPath);
            if (!result.Changed && string.Equals(fullIn, fullOut, StringComparison.Ordinal))
                return result;

            string? dir = Path.GetDirectoryName(fullOut);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            string temp = fullOut + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                // Copy first so that the file mode is the input's; then overwrite the content.
                File.Copy(fullIn, temp, true);
                if (result.Changed)
                {
                    using (var fs = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
                    {
                        fs.Write(image, 0, image.Length);
                        fs.SetLength(image.Length);
                    }
                }
                File.SetLastWriteTimeUtc(temp, DateTime.UtcNow);
                if (File.Exists(fullOut)) File.Delete(fullOut);
                File.Move(temp, fullOut);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return result;
        }

        /// <summary>What <see cref="Patch(string, string, string, Func{string, bool})"/> would do, without writing anything.</summary>
        public static PatchResult Plan(string path, string missingVersion, Func<string, bool> systemHas)
            => PatchImage(ReadFile(path), missingVersion, systemHas, path);

        /// <summary>Patches an in-memory image of an ELF file (modified in place when the status is Patched).</summary>
        public static PatchResult PatchImage(byte[] image, string missingVersion, Func<string, bool> systemHas, string? nameForErrors = null)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            if (string.IsNullOrEmpty(missingVersion)) throw new ArgumentException("A version name is required.", nameof(missingVersion));
            if (systemHas == null) throw new ArgumentNullException(nameof(systemHas));

            var elf = new ElfImage(image, nameForErrors ?? "ELF image");
            ElfSection? verneed = elf.FindSection(SHT_GNU_verneed);
            var none = new string[0];
            if (verneed == null)
                return new PatchResult(PatchStatus.NotNeeded, missingVersion, null, null, none, none);

            List<VersionNeed> needs = elf.ReadVersionNeeds(verneed);
            var targets = needs.FindAll(n => n.Name == missingVersion);
            if (targets.Count == 0)
                return new PatchResult(PatchStatus.NotNeeded, missingVersion, null, null, none, none);

            string neededFrom = targets[0].File;
            var indices = new HashSet<ushort>();
            foreach (VersionNeed t in targets) indices.Add((ushort)(t.Index & 0x7fff));
            List<string> relocated;
            List<string> symbols = elf.SymbolsWithVersionIndex(indices, out relocated);

            if (systemHas(missingVersion))
                return new PatchResult(PatchStatus.SystemHasVersion, missingVersion, neededFrom, null, symbols, none);
            if (relocated.Count > 0)
                return new PatchResult(PatchStatus.Unsafe, missingVersion, neededFrom, null, symbols, relocated);

            // Choose a stand-in for each entry first; patch only if all of them have one.
            var plan = new List<KeyValuePair<VersionNeed, VersionNeed>>();
            foreach (VersionNeed target in targets)
            {
                VersionNeed? replacement = ChooseReplacement(needs, target, systemHas);
                if (replacement == null)
                    return new PatchResult(PatchStatus.NoReplacement, missingVersion, target.File, null, symbols, none);
                plan.Add(new KeyValuePair<VersionNeed, VersionNeed>(target, replacement));
            }

            foreach (KeyValuePair<VersionNeed, VersionNeed> p in plan)
            {
                // Vernaux: vna_hash u32 @0, vna_flags u16 @4, vna_other u16 @6, vna_name u32 @8, vna_next u32 @12.
                uint nameOffset = elf.U32(p.Value.EntryOffset + 8);
                WriteU32(image, p.Key.EntryOffset + 0, ElfHash(p.Value.Name));
                WriteU32(image, p.Key.EntryOffset + 8, nameOffset);
            }
            return new PatchResult(PatchStatus.Patched, missingVersion, neededFrom, plan[0].Value.Name, symbols, none);
        }

        /// <summary>True when the library's .gnu.version_r asks for <paramref name="version"/> (from any file).</summary>
        public static bool NeedsVersion(string path, string version)
        {
            foreach (VersionNeed n in ReadVersionNeeds(path))
                if (n.Name == version) return true;
            return false;
        }

        /// <summary>All Vernaux entries of the library's .gnu.version_r, in file order (empty when it has none).</summary>
        public static IReadOnlyList<VersionNeed> ReadVersionNeeds(string path)
        {
            var elf = new ElfImage(ReadFile(path), path);
            ElfSection? verneed = elf.FindSection(SHT_GNU_verneed);
            return verneed == null ? new List<VersionNeed>() : elf.ReadVersionNeeds(verneed);
        }

        /// <summary>The version names the library defines in .gnu.version_d (the base entry, its soname, excluded).</summary>
        public static IReadOnlyList<string> ReadVersionDefinitions(string libPath)
        {
            var elf = new ElfImage(ReadFile(libPath), libPath);
            ElfSection? verdef = elf.FindSection(SHT_GNU_verdef);
            return verdef == null ? new List<string>() : elf.ReadVersionDefinitions(verdef);
        }

        /// <summary>True when the library (e.g. the system's libstdc++.so.6) defines <paramref name="version"/>.</summary>
        public static bool LibraryDefinesVersion(string libPath, string version)
        {
            foreach (string d in ReadVersionDefinitions(libPath))
                if (d == version) return true;
            return false;
        }

        /// <summary>e_machine of an ELF64 little-endian file (62 = x86-64, 183 = AArch64).</summary>
        public static ushort ReadMachine(string path)
        {
            byte[] header = new byte[64];
            int read;
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                read = ReadFully(fs, header);
            if (read < header.Length) Array.Resize(ref header, read);
            return new ElfImage(header, path, headerOnly: true).Machine;
        }

        /// <summary>
        /// Locates a shared library the way the dynamic loader would find it by default: first the
        /// <c>ldconfig -p</c> cache, then the usual (multiarch) library directories. When
        /// <paramref name="machine"/> is not 0, only an ELF64 file of that e_machine is accepted.
        /// Returns null when none is found.
        /// </summary>
        public static string? FindSystemLibrary(string fileName, ushort machine = 0)
        {
            var candidates = new List<string>();
            candidates.AddRange(LdconfigPaths(fileName));
            string[] dirs =
            {
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib64", "/usr/local/lib",
            };
            foreach (string d in dirs) candidates.Add(Path.Combine(d, fileName));

            foreach (string c in candidates)
            {
                try
                {
                    if (!File.Exists(c)) continue;
                    if (machine == 0 || ReadMachine(c) == machine) return c;
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return null;
        }

        /// <summary>The System V ELF hash (vna_hash, vd_hash).</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.UTF8.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        /// <summary>
        /// Orders version names such as GLIBCXX_3.4.9 and GLIBCXX_3.4.30 by family (text up to the last
        /// '_'), then numerically by dotted components.
        /// </summary>
        public static int CompareVersionNames(string a, string b)
        {
            int c = string.CompareOrdinal(Family(a), Family(b));
            if (c != 0) return c;
            string[] pa = Numbers(a).Split('.'), pb = Numbers(b).Split('.');
            for (int i = 0; i < Math.Max(pa.Length, pb.Length); i++)
            {
                long x = i < pa.Length && long.TryParse(pa[i], out long xa) ? xa : -1;
                long y = i < pb.Length && long.TryParse(pb[i], out long yb) ? yb : -1;
                if (x != y) return x.CompareTo(y);
            }
            return string.CompareOrdinal(a, b);
        }

        private static string Family(string v) { int i = v.LastIndexOf('_'); return i < 0 ? "" : v.Substring(0, i + 1); }
        private static string Numbers(string v) { int i = v.LastIndexOf('_'); return i < 0 ? v : v.Substring(i + 1); }

        // Prefer the highest version of the same family below the missing one; else any other version
        // from the same file that the system has, in file order.
        private static VersionNeed? ChooseReplacement(List<VersionNeed> needs, VersionNeed target, Func<string, bool> systemHas)
        {
            VersionNeed? best = null, any = null;
            foreach (VersionNeed n in needs)
            {
                if (n.File != target.File || n.Name == target.Name || !systemHas(n.Name)) continue;
                if (any == null) any = n;
                if (Family(n.Name) == Family(target.Name) && CompareVersionNames(n.Name, target.Name) < 0
                    && (best == null || CompareVersionNames(n.Name, best.Name) > 0))
                    best = n;
            }
            return best ?? any;
        }

        private static IEnumerable<string> LdconfigPaths(string fileName)
        {
            var result = new List<string>();
            foreach (string exe in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
            {
                if (exe.StartsWith("/", StringComparison.Ordinal) && !File.Exists(exe)) continue;
                try
                {
                    var psi = new ProcessStartInfo(exe, "-p")
                    {
                        UseShellExecute = false,
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        CreateNoWindow = true,
                    };
                    using (Process? p = Process.Start(psi))
                    {
                        if (p == null) continue;
                        p.ErrorDataReceived += (s, e) => { };
                        p.BeginErrorReadLine();
                        string output = p.StandardOutput.ReadToEnd();
                        if (!p.WaitForExit(10000)) { try { p.Kill(); } catch (InvalidOperationException) { } continue; }
                        // "\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                        foreach (string raw in output.Split('\n'))
                        {
                            string line = raw.Trim();
                            int arrow = line.IndexOf(" => ", StringComparison.Ordinal);
                            if (arrow < 0 || !line.StartsWith(fileName + " (", StringComparison.Ordinal)) continue;
                            result.Add(line.Substring(arrow + 4).Trim());
                        }
                        return result;
                    }
                }
                catch (System.ComponentModel.Win32Exception) { }
                catch (InvalidOperationException) { }
                catch (IOException) { }
            }
            return result;
        }

        private static byte[] ReadFile(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException("File not found: " + path, path);
            return File.ReadAllBytes(path);
        }

        private static int ReadFully(Stream s, byte[] buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = s.Read(buffer, total, buffer.Length - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        private static void WriteU32(byte[] b, long offset, uint value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }
    }

    internal sealed class ElfSection
    {
        public int Index;
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
        public long EntSize;
    }

    /// <summary>Bounds-checked reader of an ELF64 little-endian image.</summary>
    internal sealed class ElfImage
    {
        private readonly byte[] _b;
        private readonly string _name;
        private readonly List<ElfSection> _sections = new List<ElfSection>();

        public ushort Machine { get; }

        public ElfImage(byte[] bytes, string name, bool headerOnly = false)
        {
            _b = bytes;
            _name = name;
            if (_b.Length < 4 || _b[0] != 0x7f || _b[1] != (byte)'E' || _b[2] != (byte)'L' || _b[3] != (byte)'F')
                throw Error("not an ELF file (no \\x7fELF magic)");
            if (_b.Length < 64) throw Error("truncated ELF header (" + _b.Length + " bytes)");
            if (_b[4] != 2) throw Error("not a 64-bit ELF file (EI_CLASS " + _b[4] + "); only ELF64 little-endian is supported");
            if (_b[5] != 1) throw Error("not a little-endian ELF file (EI_DATA " + _b[5] + "); only ELF64 little-endian is supported");
            Machine = U16(18);
            if (headerOnly) return;

            long shoff = (long)U64(0x28);
            ushort shentsize = U16(0x3A);
            long shnum = U16(0x3C);
            if (shoff == 0) return; // no section headers: nothing to find
            if (shentsize < 64) throw Error("bad e_shentsize " + shentsize);
            if (shoff < 0 || shoff + shentsize > _b.Length) throw Error("truncated: section header table at " + shoff + " is beyond the end of the file");
            if (shnum == 0) shnum = (long)U64(shoff + 32); // extended numbering: the count is in section 0's sh_size
            if (shnum > 0xffffff || shoff + shnum * shentsize > _b.Length)
                throw Error("truncated: " + shnum + " section headers at " + shoff + " extend beyond the end of the file (" + _b.Length + " bytes)");
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                var s = new ElfSection
                {
                    Index = i,
                    Type = U32(h + 4),
                    Offset = (long)U64(h + 24),
                    Size = (long)U64(h + 32),
                    Link = U32(h + 40),
                    Info = U32(h + 44),
                    EntSize = (long)U64(h + 56),
                };
                const uint SHT_NOBITS = 8;
                if (s.Type != 0 && s.Type != SHT_NOBITS && (s.Offset < 0 || s.Size < 0 || s.Offset + s.Size > _b.Length))
                    throw Error("truncated: section " + i + " (type 0x" + s.Type.ToString("x") + ") extends beyond the end of the file");
                _sections.Add(s);
            }
        }

        public ElfSection? FindSection(uint type) => _sections.Find(s => s.Type == type);

        private ElfSection LinkedSection(ElfSection s, string what)
        {
            if (s.Link == 0 || s.Link >= _sections.Count) throw Error("section " + s.Index + " has no valid " + what + " link (" + s.Link + ")");
            return _sections[(int)s.Link];
        }

        public List<VersionNeed> ReadVersionNeeds(ElfSection verneed)
        {
            ElfSection strtab = LinkedSection(verneed, "string table");
            var result = new List<VersionNeed>();
            long end = verneed.Offset + verneed.Size;
            long off = verneed.Offset;
            // sh_info is the number of Verneed entries; walk vn_next as well and stop at whichever ends first.
            long count = verneed.Info == 0 ? long.MaxValue : verneed.Info;
            for (long i = 0; i < count; i++)
            {
                // Verneed: vn_version u16 @0, vn_cnt u16 @2, vn_file u32 @4, vn_aux u32 @8, vn_next u32 @12.
                Check(off, 16, verneed.Offset, end, "Verneed entry");
                ushort vnVersion = U16(off);
                if (vnVersion != 1) throw Error("unsupported Verneed version " + vnVersion + " at offset " + off);
                ushort cnt = U16(off + 2);
                string file = Str(strtab, U32(off + 4));
                long aux = off + U32(off + 8);
                for (int j = 0; j < cnt; j++)
                {
                    Check(aux, 16, verneed.Offset, end, "Vernaux entry");
                    result.Add(new VersionNeed(file, Str(strtab, U32(aux + 8)), U32(aux), U16(aux + 4), U16(aux + 6), aux));
                    uint next = U32(aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint vnNext = U32(off + 12);
                if (vnNext == 0) break;
                off += vnNext;
            }
            return result;
        }

        public List<string> ReadVersionDefinitions(ElfSection verdef)
        {
            ElfSection strtab = LinkedSection(verdef, "string table");
            var result = new List<string>();
            long end = verdef.Offset + verdef.Size;
            long off = verdef.Offset;
            long count = verdef.Info == 0 ? long.MaxValue : verdef.Info;
            for (long i = 0; i < count; i++)
            {
                // Verdef: vd_version u16 @0, vd_flags u16 @2, vd_ndx u16 @4, vd_cnt u16 @6, vd_hash u32 @8, vd_aux u32 @12, vd_next u32 @16.
                Check(off, 20, verdef.Offset, end, "Verdef entry");
                ushort flags = U16(off + 2);
                ushort cnt = U16(off + 6);
                if (cnt > 0 && (flags & ElfVersionNeedPatcher.VER_FLG_BASE) == 0)
                {
                    long aux = off + U32(off + 12);
                    Check(aux, 8, verdef.Offset, end, "Verdaux entry");
                    result.Add(Str(strtab, U32(aux))); // the first Verdaux names the definition; the rest are parents
                }
                uint next = U32(off + 16);
                if (next == 0) break;
                off += next;
            }
            return result;
        }

        /// <summary>
        /// Names of the dynamic symbols whose .gnu.version index is in <paramref name="indices"/>, and
        /// (in <paramref name="relocated"/>) those that some relocation against .dynsym refers to.
        /// </summary>
        public List<string> SymbolsWithVersionIndex(HashSet<ushort> indices, out List<string> relocated)
        {
            var names = new List<string>();
            relocated = new List<string>();
            ElfSection? versym = FindSection(ElfVersionNeedPatcher.SHT_GNU_versym);
            if (versym == null) return names;
            ElfSection dynsym = LinkedSection(versym, "symbol table");
            ElfSection dynstr = LinkedSection(dynsym, "string table");
            long symSize = dynsym.EntSize == 0 ? 24 : dynsym.EntSize;
            long nsyms = Math.Min(dynsym.Size / symSize, versym.Size / 2);
            var bound = new Dictionary<long, string>();
            for (long i = 1; i < nsyms; i++)
            {
                if (!indices.Contains((ushort)(U16(versym.Offset + 2 * i) & 0x7fff))) continue;
                string name = Str(dynstr, U32(dynsym.Offset + i * symSize));
                bound[i] = name;
                names.Add(name);
            }
            if (bound.Count == 0) return names;

            var seen = new HashSet<string>();
            foreach (ElfSection s in _sections)
            {
                if ((s.Type != ElfVersionNeedPatcher.SHT_RELA && s.Type != ElfVersionNeedPatcher.SHT_REL) || s.Link != (uint)dynsym.Index)
                    continue;
                long entSize = s.EntSize != 0 ? s.EntSize : (s.Type == ElfVersionNeedPatcher.SHT_RELA ? 24 : 16);
                for (long r = s.Offset; r + entSize <= s.Offset + s.Size; r += entSize)
                {
                    long sym = (long)(U64(r + 8) >> 32); // r_info: symbol index in the high 32 bits
                    string? name;
                    if (bound.TryGetValue(sym, out name) && seen.Add(name)) relocated.Add(name);
                }
            }
            return names;
        }

        private void Check(long offset, long length, long start, long end, string what)
        {
            if (offset < start || offset + length > end)
                throw Error("malformed: " + what + " at offset " + offset + " lies outside its section [" + start + ", " + end + ")");
        }

        private string Str(ElfSection strtab, uint offset)
        {
            long start = strtab.Offset + offset;
            long end = strtab.Offset + strtab.Size;
            if (offset >= strtab.Size) throw Error("malformed: string offset " + offset + " is outside the string table");
            long p = start;
            while (p < end && _b[p] != 0) p++;
            if (p >= end) throw Error("malformed: unterminated string at offset " + start);
            return Encoding.UTF8.GetString(_b, (int)start, (int)(p - start));
        }

        public ushort U16(long o)
        {
            if (o < 0 || o + 2 > _b.Length) throw Error("truncated: read at offset " + o + " is beyond the end of the file");
            return (ushort)(_b[o] | (_b[o + 1] << 8));
        }

        public uint U32(long o)
        {
            if (o < 0 || o + 4 > _b.Length) throw Error("truncated: read at offset " + o + " is beyond the end of the file");
            return (uint)(_b[o] | (_b[o + 1] << 8) | (_b[o + 2] << 16) | (_b[o + 3] << 24));
        }

        public ulong U64(long o) => U32(o) | ((ulong)U32(o + 4) << 32);

        private ElfFormatException Error(string message) => new ElfFormatException(_name + ": " + message, _name);
    }
}
