namespace FeedbackFix.Domain.Stores;

/// <summary>The model stored vectors came from; vectors of different models are never mixed.</summary>
public sealed record EmbeddingModel(string Name, int Dimension);
