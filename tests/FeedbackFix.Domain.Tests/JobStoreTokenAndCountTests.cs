using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class JobStoreTokenAndCountTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task A_refused_launch_request_is_counted_once_however_many_launches_saw_it_refused()
    {
        var id = (await _stores.AddJobAsync()).Job!.Id;

        await _stores.Jobs.CountLaunchRefusalAsync(id, refusedRequest: 0);
        await _stores.Jobs.CountLaunchRefusalAsync(id, refusedRequest: 0);
        Assert.Equal(1, await _stores.Jobs.LaunchRefusalsAsync(id));

        await _stores.Jobs.CountLaunchRefusalAsync(id, refusedRequest: 1);
        Assert.Equal(2, await _stores.Jobs.LaunchRefusalsAsync(id));

        var gone = Ids.New();
        await _stores.Jobs.CountLaunchRefusalAsync(gone, refusedRequest: 0);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(FeedbackFix.Domain.Redis.RedisKeys.Job(gone)));
    }

    [Fact]
    public async Task VerifyToken_accepts_the_jobs_own_token()
    {
        var creation = await _stores.AddJobAsync();

        Assert.True(await _stores.Jobs.VerifyTokenAsync(creation.Job!.Id, creation.Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    public async Task VerifyToken_refuses_a_wrong_or_missing_token(string? token)
    {
        var creation = await _stores.AddJobAsync();

        Assert.False(await _stores.Jobs.VerifyTokenAsync(creation.Job!.Id, token));
    }

    [Fact]
    public async Task VerifyToken_refuses_a_token_that_differs_in_one_character()
    {
        var creation = await _stores.AddJobAsync();
        var token = creation.Token!;
        var altered = token[..^1] + (token[^1] == '0' ? '1' : '0');

        Assert.False(await _stores.Jobs.VerifyTokenAsync(creation.Job!.Id, altered));
    }

    [Fact]
    public async Task VerifyToken_refuses_another_jobs_token()
    {
        var mine = await _stores.AddJobAsync();
        var other = await _stores.AddJobAsync();

        Assert.False(await _stores.Jobs.VerifyTokenAsync(mine.Job!.Id, other.Token));
    }

    [Fact]
    public async Task VerifyToken_of_an_unknown_job_is_false()
    {
        var creation = await _stores.AddJobAsync();

        Assert.False(await _stores.Jobs.VerifyTokenAsync(Ids.New(), creation.Token));
    }

    [Fact]
    public async Task VerifyToken_still_accepts_the_token_after_the_job_moves()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running, ["started"]));

        Assert.True(await _stores.Jobs.VerifyTokenAsync(creation.Job.Id, creation.Token));
    }

    [Fact]
    public async Task CountByStatus_counts_each_status()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.AddJobAsync();
        await stores.AddJobAsync();
        var running = await stores.AddJobAsync();
        await stores.Jobs.ChangeAsync(running.Job!.Id, new JobChanges(JobStatus.Running));
        var failed = await stores.AddJobAsync();
        await stores.Jobs.ChangeAsync(failed.Job!.Id, new JobChanges(JobStatus.Failed));

        var counts = await stores.Jobs.CountByStatusAsync();

        Assert.Equal(2, counts[JobStatus.Queued]);
        Assert.Equal(0, counts[JobStatus.Launching]);
        Assert.Equal(1, counts[JobStatus.Running]);
        Assert.Equal(0, counts[JobStatus.Succeeded]);
        Assert.Equal(1, counts[JobStatus.Failed]);
        Assert.Equal(0, counts[JobStatus.Cancelled]);
    }

    [Fact]
    public async Task List_by_status_gives_jobs_of_that_status_newest_first()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var clock = new ManualClock();
        var stores = new StoreSet(dedicated.Server.Connection, clock);
        var older = await stores.AddJobAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await stores.AddJobAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var running = await stores.AddJobAsync();
        await stores.Jobs.ChangeAsync(running.Job!.Id, new JobChanges(JobStatus.Running));

        var queued = await stores.Jobs.ListAsync(JobStatus.Queued, null, 10);
        var all = await stores.Jobs.ListAsync(null, null, 10);

        Assert.Equal([newer.Job!.Id, older.Job!.Id], queued.Items.Select(j => j.Id));
        Assert.Equal([running.Job.Id, newer.Job.Id, older.Job.Id], all.Items.Select(j => j.Id));
    }
}
