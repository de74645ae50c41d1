import EngineAPI

extension PlanningRun {
    /// Pulls and builds, one per image reference, before any create of the services that use them.
    mutating func emitImages() {
        guard !options.skipImages else { return }
        var byReference: [String: Int] = [:]
        for service in planned where !service.containers.isEmpty {
            let creates = serviceDecisions[service.name]?.containers.contains { $0.action.createsContainer } ?? false
            let missing = options.localImages.map { $0[service.image] == nil } ?? false
            let resource = ResourceID(.image, service.image)
            var policy = service.pullPolicy
            switch options.pull {
            case .always: policy = .always
            case .missing: policy = .missing
            case .never: policy = .never
            case nil: break
            }

            if service.builds {
                // `DesiredService.PullPolicy.build` means "build rather than pull" (the builder's default for
                // services that only build), so only `--build` rebuilds an image that is present.
                guard !options.noBuild, options.build || (missing && creates) else { continue }
                imageOps[service.name] = builder.add(resource, .buildImage(service: service.name, image: service.image),
                                                     options.build ? .buildRequested : .imageMissing)
                continue
            }
            let cause: Cause
            switch policy {
            case .always:
                cause = .pullAlways
            case .never:
                if missing, creates {
                    builder.warn("service:\(service.name): image \(service.image) is not present and the pull "
                        + "policy is never; creating its containers will fail")
                }
                continue
            case .missing, .daily, .weekly, .build:
                // Daily and weekly need a clock the planner does not have; they behave as `missing` here.
                guard missing, creates else { continue }
                cause = .imageMissing
            }
            if let existing = byReference[service.image] {
                imageOps[service.name] = existing
            } else {
                let pull = builder.add(resource, .pullImage(reference: service.image), cause)
                byReference[service.image] = pull
                imageOps[service.name] = pull
            }
        }
    }
}
