using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>Runs a program (by default this benchmark program itself) and returns its standard output.</summary>
    internal static class ChildProcess
    {
        /// <summary>This program again with <paramref name="arguments"/>: the apphost directly, or `dotnet the.dll` when run that way.</summary>
        public static string Run(string arguments, params (string Name, string? Value)[] environment)
        {
            string host = Environment.ProcessPath ?? "dotnet";
            bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
            string dll = Assembly.GetExecutingAssembly().Location;
            return Run(host, viaDotnet ? $"\"{dll}\" {arguments}" : arguments, environment);
        }

        /// <summary>This program again with <paramref name="arguments"/> and extra environment, sharing this console; returns its exit code.</summary>
        public static int Inherit(string[] arguments, params (string Name, string Value)[] environment)
        {
            string host = Environment.ProcessPath ?? "dotnet";
            var info = new ProcessStartInfo(host) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
                info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
            foreach (string a in arguments)
                info.ArgumentList.Add(a);
            foreach (var (name, value) in environment)
                info.Environment[name] = value;
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {host}.");
            process.WaitForExit();
            return process.ExitCode;
        }

        public static string Run(string fileName, string arguments, params (string Name, string? Value)[] environment)
        {
            var info = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (name, value) in environment)
            {
                if (value is null)
                    info.Environment.Remove(name);
                else
                    info.Environment[name] = value;
            }
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{fileName} {arguments} exited with {process.ExitCode}:\n{stderr.Result}");
            return stdout;
        }
    }
}
