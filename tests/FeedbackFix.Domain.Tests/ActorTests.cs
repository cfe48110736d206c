using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Domain.Tests;

public sealed class ActorTests
{
    [Fact]
    public void A_key_name_alone_is_who_acted()
    {
        Assert.Equal(new Actor("reports-script"), Actor.FromCaller(" reports-script ", null));
    }

    [Fact]
    public void A_person_named_by_the_dashboard_acts_via_its_key()
    {
        Assert.Equal(new Actor("ada@example.com", "dashboard"), Actor.FromCaller("dashboard", "ada@example.com"));
    }

    [Fact]
    public void Without_a_caller_the_actor_is_unknown_and_a_name_with_control_characters_is_ignored()
    {
        Assert.Equal(new Actor(Actor.Unknown), Actor.FromCaller("", "ada\u0007"));
    }

    [Fact]
    public void A_long_name_is_cut_to_100_characters()
    {
        Assert.Equal(100, Actor.FromCaller(new string('k', 500), null).By.Length);
    }
}
