namespace FeedbackFix.Domain.Model;

/// <summary>How long feedback fields may be; every source checks against these.</summary>
public static class FeedbackLimits
{
    public const int TitleMaxLength = 300;
    public const int BodyMaxLength = 20_000;
    public const int UrlMaxLength = 2_048;
    public const int AuthorMaxLength = 200;
    public const int ExternalIdMaxLength = 200;
    public const int MetadataMaxLength = 16_384;
}
