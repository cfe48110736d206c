using System.Security.Cryptography;
using System.Text;

namespace FeedbackFix.Gateway.Auth;

internal static class ApiKey
{
    /// <summary>Whether the presented key is the configured one, compared in constant time.</summary>
    public static bool Matches(string expected, string? presented) =>
        !string.IsNullOrEmpty(presented) &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
