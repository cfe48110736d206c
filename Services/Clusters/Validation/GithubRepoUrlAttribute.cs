using System.ComponentModel.DataAnnotations;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Validation;

/// <summary>Options check: empty or a <see cref="GithubRepoUrl"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class GithubRepoUrlAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null or "" || GithubRepoUrl.IsValid(value as string)
            ? ValidationResult.Success
            : new ValidationResult(
                $"{FixOptions.Section}:{validationContext.MemberName} must look like {GithubRepoUrl.Expected}.",
                validationContext.MemberName is { } member ? [member] : []);
}
