using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FeedbackFix.EndToEnd.Tests;

internal static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
