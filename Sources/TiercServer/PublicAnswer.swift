internal import TiercHummingbird

/// One answer of the decision-only listener (docs/serve.md#performance): the ``TiercAnswer`` and, for a metered
/// decision, its rate-limit fields as values (``RateLimitFieldValues``), which ``AnswerBytes`` writes as header bytes
/// where the middleware's builders put them: before the answer's own fields in a 429, after them in an admitted
/// answer.
struct PublicAnswer: Sendable {
    var answer: TiercAnswer
    var rateLimit: RateLimitFieldValues?
    /// The rate-limit fields come before the answer's own fields (a 429), not after them.
    var rateLimitFirst: Bool

    init(_ answer: TiercAnswer, rateLimit: RateLimitFieldValues? = nil, rateLimitFirst: Bool = false) {
        self.answer = answer
        self.rateLimit = rateLimit
        self.rateLimitFirst = rateLimitFirst
    }
}
