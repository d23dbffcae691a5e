using System.Runtime.CompilerServices;

namespace MlPipeline.Tests.Reporting;

/// <summary>
/// Approved-file snapshots: the text must equal <c>Approved/NAME.approved.EXT</c> beside this source file. On a
/// mismatch <c>NAME.received.EXT</c> is written next to it, to diff and, if the change is intended, to rename over it.
/// </summary>
internal static class Approval
{
    public static void Verify(string text, string name, string extension, [CallerFilePath] string caller = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(caller)!, "Approved");
        var approved = Path.Combine(directory, $"{name}.approved.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");
        var expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == text)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, text);
        Assert.Fail(expected is null
            ? $"no approved file yet: review {received} and rename it to {approved}"
            : $"{name} differs from the approved snapshot: diff {approved} {received}, and if the change is intended, move the received file over the approved one");
    }
}
