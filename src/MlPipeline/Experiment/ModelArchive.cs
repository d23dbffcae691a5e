using System.IO.Compression;
using MlPipeline.Data;

namespace MlPipeline.Experiment;

/// <summary>
/// Checks a model zip before ML.NET reads it: every entry must decompress and match the CRC-32 its header records, so a
/// damaged file is reported as bad input naming the file and the entry, not as an exception from deep inside a loader.
/// </summary>
internal static class ModelArchive
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>Throws when an entry of <paramref name="file"/> cannot be read back as it was written.</summary>
    /// <exception cref="DataValidationException">The zip or one of its entries is damaged.</exception>
    public static void Verify(string file)
    {
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                uint crc = 0xFFFFFFFF;
                long length = 0;
                try
                {
                    using var stream = entry.Open();
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        length += read;
                        for (var i = 0; i < read; i++) crc = s_table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw Corrupt(file, entry, e.Message);
                }
                crc ^= 0xFFFFFFFF;
                if (length != entry.Length) throw Corrupt(file, entry, $"{length} bytes where its header says {entry.Length}");
                if (crc != entry.Crc32) throw Corrupt(file, entry, $"CRC-32 {crc:x8} where its header says {entry.Crc32:x8}");
            }
        }
        catch (InvalidDataException)
        {
            throw new DataValidationException("not a model zip file (its directory is damaged or missing)", file);
        }
    }

    private static DataValidationException Corrupt(string file, ZipArchiveEntry entry, string detail) =>
        new($"entry '{entry.FullName}' is corrupt ({detail.Split('\n')[0].TrimEnd('.')}); the model file is damaged, train it again or restore a copy", file);

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
