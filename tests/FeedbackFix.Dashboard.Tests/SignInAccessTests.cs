using System.Net;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// Who may use the dashboard once signed in: every page acts with its ReadWrite key, so a person the
/// provider signs in but the rules do not name gets a 403 page, not the dashboard and not a sign-in loop.
/// </summary>
public sealed class SignInAccessTests(SignedInDashboard dashboard) : IClassFixture<SignedInDashboard>
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("Ada@EXAMPLE.com")]
    [InlineData(SignedInDashboard.AllowedAddress)]
    public async Task A_person_at_an_allowed_domain_or_with_an_allowed_address_reaches_a_page(string email)
    {
        using var client = dashboard.ClientSignedInAs(("name", "Ada"), ("email", email), ("email_verified", "true"));

        using var response = await client.GetAsync(new Uri("/feedback", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Feedback</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mallory@gmail.com")]
    [InlineData("mallory@sub.example.com")]
    [InlineData("mallory@example.com.evil.test")]
    public async Task A_person_from_another_domain_gets_403_saying_who_they_are_and_that_an_operator_must_allow_them(string email)
    {
        using var client = dashboard.ClientSignedInAs(("name", "Mallory"), ("email", email), ("email_verified", "true"));

        using var response = await client.GetAsync(new Uri("/feedback", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not allowed</h1>", page, StringComparison.Ordinal);
        Assert.Contains($"You are signed in as <strong>{email}</strong>", page, StringComparison.Ordinal);
        Assert.Contains("An operator of this dashboard must allow you", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1>Feedback</h1>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_at_an_allowed_domain_that_the_provider_has_not_verified_is_refused()
    {
        using var client = dashboard.ClientSignedInAs(("email", "ada@example.com"), ("email_verified", "false"));

        using var response = await client.GetAsync(new Uri("/feedback", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("says the address ada@example.com is not verified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_person_cannot_open_a_live_connection_either()
    {
        using var client = dashboard.ClientSignedInAs(("email", "mallory@gmail.com"), ("email_verified", "true"));

        using var response = await client.PostAsync(new Uri("/_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_refused_persons_403_page_gets_its_styles()
    {
        using var client = dashboard.ClientSignedInAs(("email", "mallory@gmail.com"), ("email_verified", "true"));

        using var response = await client.GetAsync(new Uri("/app.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_address_no_page_has_is_still_answered_404_by_the_not_found_page()
    {
        using var client = dashboard.ClientSignedInAs(("email", "ada@example.com"), ("email_verified", "true"));

        using var response = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing here.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
