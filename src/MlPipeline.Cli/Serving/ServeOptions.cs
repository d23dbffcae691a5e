namespace MlPipeline.Cli.Serving;

/// <summary>What <c>mlpipeline serve</c> listens on and accepts.</summary>
/// <param name="Urls">Addresses to listen on, separated by <c>;</c> (port 0 picks a free one; the address is printed).</param>
/// <param name="MaxBodyBytes">Largest request body accepted; a larger one is answered 413.</param>
internal sealed record ServeOptions(string Urls, long MaxBodyBytes)
{
    /// <summary>The default address: loopback only, so nothing is exposed unless asked for.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>The default body limit: 10 MiB, tens of thousands of records per request.</summary>
    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;
}
