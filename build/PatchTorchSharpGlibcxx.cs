// MSBuild inline task (RoslynCodeTaskFactory): marks one Vernaux entry of an ELF64 .gnu.version_r weak.
using System;
using System.IO;
using System.Text;
public class PatchTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
{
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }
    public string VersionName { get; set; }

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (SystemProvides(VersionName))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "System libstdc++ provides " + VersionName + "; no patch needed.");
            return true;
        }
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            var bytes = File.ReadAllBytes(path);
            var result = Patch(bytes, VersionName);
            if (result == null) { Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, path + ": no " + VersionName + " requirement."); continue; }
            if (result == false) { Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, path + ": already weak."); continue; }
            // Write a new file and rename over the old one so a hard link to the package cache is never modified.
            var tmp = path + ".glibcxx-tmp";
            File.WriteAllBytes(tmp, bytes);
            File.Delete(path);
            File.Move(tmp, path);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, path + ": marked " + VersionName + " weak.");
        }
        return !Log.HasLoggedErrors;
    }

    private static bool SystemProvides(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var lib in SystemLibstdcxx)
        {
            if (!File.Exists(lib)) continue;
            var data = File.ReadAllBytes(lib);
            return IndexOf(data, needle) >= 0;
        }
        return true; // no libstdc++ found where expected: leave the file alone.
    }

    // Returns true if patched now, false if already weak, null if the requirement is absent.
    private static bool? Patch(byte[] f, string version)
    {
        if (f.Length < 64 || f[0] != 0x7f || f[1] != (byte)'E' || f[2] != (byte)'L' || f[3] != (byte)'F' || f[4] != 2 || f[5] != 1)
            throw new InvalidDataException("Not a little-endian ELF64 file.");
        ulong shoff = BitConverter.ToUInt64(f, 0x28);
        int shentsize = BitConverter.ToUInt16(f, 0x3A);
        int shnum = BitConverter.ToUInt16(f, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)shoff + i * shentsize);
            if (BitConverter.ToUInt32(f, sh + 4) != ShtGnuVerneed) continue;
            int secOff = checked((int)BitConverter.ToUInt64(f, sh + 0x18));
            uint link = BitConverter.ToUInt32(f, sh + 0x28);
            int strSh = checked((int)shoff + (int)link * shentsize);
            int strOff = checked((int)BitConverter.ToUInt64(f, strSh + 0x18));
            int need = secOff;
            while (true)
            {
                int cnt = BitConverter.ToUInt16(f, need + 2);
                uint auxRel = BitConverter.ToUInt32(f, need + 8);
                uint nextRel = BitConverter.ToUInt32(f, need + 12);
                int aux = need + (int)auxRel;
                for (int a = 0; a < cnt; a++)
                {
                    ushort flags = BitConverter.ToUInt16(f, aux + 4);
                    uint name = BitConverter.ToUInt32(f, aux + 8);
                    if (ReadCString(f, strOff + (int)name) == version)
                    {
                        if ((flags & VerFlgWeak) != 0) return false;
                        var nf = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                        f[aux + 4] = nf[0];
                        f[aux + 5] = nf[1];
                        return true;
                    }
                    uint nextAux = BitConverter.ToUInt32(f, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                if (nextRel == 0) break;
                need += (int)nextRel;
            }
        }
        return null;
    }

    private static string ReadCString(byte[] f, int off)
    {
        int end = off;
        while (end < f.Length && f[end] != 0) end++;
        return Encoding.ASCII.GetString(f, off, end - off);
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
