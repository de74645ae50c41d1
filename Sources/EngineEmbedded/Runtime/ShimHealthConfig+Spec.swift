import EngineAPI

// Engine-side only (not compiled into the shim).
extension ShimHealthConfig {
    /// The health check a container runs: the compose one over the image's `HEALTHCHECK`, field by field as
    /// Docker merges them; nil when there is none or it is disabled (`NONE`).
    public static func effective(spec: HealthcheckSpec?, image: OCIImageConfig.Healthcheck?) -> ShimHealthConfig? {
        let test = spec.flatMap { $0.test.isEmpty ? nil : $0.test } ?? image?.test ?? []
        guard let kind = test.first, kind == "CMD" || kind == "CMD-SHELL", test.count > 1 else { return nil }
        // Zero or absent values take Docker's defaults (30 s interval and timeout, 3 retries, 5 s start interval).
        func ms(_ nanoseconds: Int64?, _ fallback: Int) -> Int {
            let value = Int((nanoseconds ?? 0) / 1_000_000)
            return value > 0 ? value : fallback
        }
        let retries = spec?.retries ?? image?.retries ?? 0
        return ShimHealthConfig(test: test,
                                intervalMs: ms(spec?.intervalNanoseconds ?? image?.interval, 30_000),
                                timeoutMs: ms(spec?.timeoutNanoseconds ?? image?.timeout, 30_000),
                                retries: retries > 0 ? retries : 3,
                                startPeriodMs: ms(spec?.startPeriodNanoseconds ?? image?.startPeriod, 0),
                                startIntervalMs: ms(spec?.startIntervalNanoseconds ?? image?.startInterval, 5_000))
    }
}
