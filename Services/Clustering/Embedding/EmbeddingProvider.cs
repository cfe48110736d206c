namespace FeedbackFix.Clustering.Embedding;

/// <summary>Which embedding generator the Clustering service uses (<c>Clustering:Embedding:Provider</c>).</summary>
public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 run locally through ONNX Runtime; the model ships inside its package.</summary>
    MiniLm,

    /// <summary>Model-free hashed word and character n-grams: fast, for tests and small machines.</summary>
    Hashing,

    /// <summary>Any OpenAI-compatible <c>/embeddings</c> endpoint (OpenAI, Azure OpenAI, Ollama, vLLM).</summary>
    OpenAI,
}
