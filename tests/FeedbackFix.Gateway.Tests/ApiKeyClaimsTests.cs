using System.Security.Claims;
using FeedbackFix.Gateway.Keys;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The holder of a request, as the authorization handler, the log scope and the proxy's transforms ask for it.</summary>
public sealed class ApiKeyClaimsTests
{
    [Fact]
    public void A_requests_holder_is_read_from_its_claims_once_however_often_it_is_asked()
    {
        var user = new CountingPrincipal(new ApiKeyHolder("ops", ApiKeyScope.Admin));
        var context = new DefaultHttpContext { User = user };

        var answers = Enumerable.Range(0, 4).Select(_ => ApiKeyClaims.HolderOf(context)).ToList();

        Assert.All(answers, holder => Assert.Equal(new ApiKeyHolder("ops", ApiKeyScope.Admin), holder));
        // Its name and its scope, each looked up once.
        Assert.Equal(2, user.Reads);
    }

    [Fact]
    public void A_replaced_principal_is_read_afresh()
    {
        var context = new DefaultHttpContext { User = new CountingPrincipal(new ApiKeyHolder("reader", ApiKeyScope.Read)) };
        Assert.Equal("reader", ApiKeyClaims.HolderOf(context)!.Name);

        context.User = new CountingPrincipal(new ApiKeyHolder("writer", ApiKeyScope.ReadWrite));

        Assert.Equal(new ApiKeyHolder("writer", ApiKeyScope.ReadWrite), ApiKeyClaims.HolderOf(context));
    }

    [Fact]
    public void A_request_without_an_api_key_has_no_holder()
    {
        var context = new DefaultHttpContext();

        Assert.Null(ApiKeyClaims.HolderOf(context));
        Assert.Null(ApiKeyClaims.HolderOf(context));
    }

    // A principal as the ApiKey scheme makes it, counting how often its claims are looked up.
    private sealed class CountingPrincipal(ApiKeyHolder holder)
        : ClaimsPrincipal(new ClaimsIdentity(ApiKeyClaims.For(holder), "ApiKey"))
    {
        public int Reads { get; private set; }

        public override Claim? FindFirst(string type)
        {
            Reads++;
            return base.FindFirst(type);
        }
    }
}
