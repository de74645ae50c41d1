import ComposeModel
import EngineAPI

extension ContainerSpecMapper {
    /// `restart`, overridden by `deploy.restart_policy` (docker compose's `getRestartPolicy`). A policy
    /// without `condition` gives the engine an empty policy name, which is `no`, as with docker compose.
    func restartPolicy() throws(DesiredStateError) -> RestartPolicy {
        if let policy = service.deploy?.restartPolicy {
            let condition = policy.condition ?? ""
            switch condition {
            case "", "none", "no": return .no
            case "on-failure": return .onFailure(maxRetries: policy.maxAttempts)
            case "unless-stopped": return .unlessStopped
            case "any", "always": return .always
            default: throw DesiredStateError(service: service.name, "unsupported deploy.restart_policy.condition \"\(condition)\"")
            }
        }
        switch service.restart {
        case nil, .no?: return .no
        case .always?: return .always
        case .unlessStopped?: return .unlessStopped
        case .onFailure(let retries)?: return .onFailure(maxRetries: retries)
        case .other(let text)?: throw DesiredStateError(service: service.name, "unsupported restart policy \"\(text)\"")
        }
    }

    /// The health check; a disabled one is `["NONE"]`, which switches off the image's own check too.
    func healthcheck() -> HealthcheckSpec? {
        guard let check = service.healthcheck else { return nil }
        if check.isDisabled { return HealthcheckSpec(test: ["NONE"]) }
        var spec = HealthcheckSpec(test: check.test)
        spec.intervalNanoseconds = check.interval?.nanoseconds
        spec.timeoutNanoseconds = check.timeout?.nanoseconds
        spec.startPeriodNanoseconds = check.startPeriod?.nanoseconds
        spec.startIntervalNanoseconds = check.startInterval?.nanoseconds
        spec.retries = check.retries
        return spec
    }

    /// `logging`, or the legacy `log_driver`/`log_opt` when the loader left them.
    func logging() -> LoggingSpec? {
        if let logging = service.logging {
            guard let driver = logging.driver else {
                return logging.options.isEmpty ? nil : LoggingSpec(driver: "", options: logging.options)
            }
            return LoggingSpec(driver: driver, options: logging.options)
        }
        if let driver = service.logDriver { return LoggingSpec(driver: driver, options: service.logOpt) }
        return nil
    }

    /// Legacy service-level limits, overridden by `deploy.resources` (limits: memory, cpus, pids;
    /// reservations: memory), as docker compose's `getDeployResources` does.
    func resources() -> ResourceLimits {
        var limits = ResourceLimits()
        limits.memoryBytes = service.memLimit?.bytes
        limits.memoryReservationBytes = service.memReservation?.bytes
        limits.memorySwapBytes = service.memswapLimit?.bytes
        limits.nanoCPUs = service.cpus.map(Self.nanoCPUs)
        limits.cpuShares = service.cpuShares.map(Int64.init)
        limits.cpuset = service.cpuset
        limits.pidsLimit = service.pidsLimit.flatMap { $0 == 0 ? nil : Int64($0) }
        limits.shmSizeBytes = service.shmSize?.bytes
        limits.oomKillDisable = service.oomKillDisable
        limits.oomScoreAdj = service.oomScoreAdj
        if let deployLimits = service.deploy?.resources?.limits {
            if let memory = deployLimits.memory, memory.bytes != 0 { limits.memoryBytes = memory.bytes }
            if let cpus = deployLimits.cpus, cpus != 0 { limits.nanoCPUs = Self.nanoCPUs(cpus) }
            if let pids = deployLimits.pids, pids > 0 { limits.pidsLimit = Int64(pids) }
        }
        if let memory = service.deploy?.resources?.reservations?.memory, memory.bytes != 0 {
            limits.memoryReservationBytes = memory.bytes
        }
        return limits
    }

    /// CPUs as the engine's nano-CPUs; rounded, so `0.1` is 100000000 and not one less.
    static func nanoCPUs(_ cpus: Double) -> Int64 {
        Int64((cpus * 1e9).rounded())
    }
}
