namespace FeedbackFix.Domain.Model;

public enum ClusterStatus
{
    New,
    Fixing,
    Fixed,
    Ignored,
}
