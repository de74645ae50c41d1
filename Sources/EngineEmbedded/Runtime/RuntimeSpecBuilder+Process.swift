import EngineAPI

extension RuntimeSpecBuilder {
    /// A container's process: args, env, user, cwd, capabilities, rlimits, no-new-privileges, OOM score.
    public static func process(_ spec: ContainerSpec, image: OCIImageConfig.Runtime?, rootfs: String, hostname: String,
                               withInit: Bool = false) throws(EngineError) -> OCIRuntimeSpec.Process {
        var args = try arguments(spec, image: image)
        if withInit { args = [DockerRuntimeDefaults.initDestination, "--"] + args }
        let users = RootfsUsers(rootfs: rootfs)
        let resolved = try users.process(nonEmpty(spec.user) ?? nonEmpty(image?.user) ?? "")
        var gids = resolved.additionalGids
        for group in spec.groupAdd {
            let gid = try users.group(group)
            if !gids.contains(gid) { gids.append(gid) }
        }

        var defaults = [DockerRuntimeDefaults.path, "HOSTNAME=\(hostname)"]
        if spec.tty { defaults.append("TERM=xterm") }
        var env = merging(defaults, (image?.env ?? []).map(variable))
        env = merging(env, spec.environment)
        if !env.contains(where: { key($0) == "HOME" }) { env.append("HOME=\(resolved.home)") }

        let cwd = nonEmpty(spec.workingDir) ?? nonEmpty(image?.workingDir) ?? "/"
        guard cwd.hasPrefix("/") else {
            throw EngineError(.invalidArgument, "the working directory '\(cwd)' is invalid, it needs to be an absolute path")
        }
        return OCIRuntimeSpec.Process(
            terminal: spec.tty,
            user: .init(uid: resolved.uid, gid: resolved.gid, additionalGids: gids.isEmpty ? nil : gids),
            args: args, env: env, cwd: cwd,
            capabilities: .init(try capabilities(add: spec.capAdd, drop: spec.capDrop, privileged: spec.privileged)),
            rlimits: try rlimits(spec.ulimits),
            noNewPrivileges: noNewPrivileges(spec.securityOptions) && !spec.privileged,
            oomScoreAdj: spec.resources.oomScoreAdj)
    }

    /// An exec's process (`runc exec --process`), Docker's way: the container's env plus `environment`, its
    /// user unless `user` is given (resolved in the rootfs), its cwd unless `workingDir` is given, its
    /// capabilities unless `privileged`.
    public static func execProcess(container: OCIRuntimeSpec.Process, args: [String], environment: [EnvironmentVariable] = [],
                                   user: String? = nil, workingDir: String? = nil, tty: Bool = false,
                                   privileged: Bool = false, rootfs: String) throws(EngineError) -> OCIRuntimeSpec.Process {
        guard !args.isEmpty else { throw EngineError(.invalidArgument, "exec: no command specified") }
        var process = container
        process.args = args
        process.terminal = tty
        var env = container.env ?? []
        if tty, !env.contains(where: { key($0) == "TERM" }) { env.append("TERM=xterm") }
        if let user = nonEmpty(user) {
            let resolved = try RootfsUsers(rootfs: rootfs).process(user)
            process.user = .init(uid: resolved.uid, gid: resolved.gid,
                                 additionalGids: resolved.additionalGids.isEmpty ? nil : resolved.additionalGids)
            env = merging(env, [EnvironmentVariable("HOME", resolved.home)])
        }
        process.env = merging(env, environment)
        if let workingDir = nonEmpty(workingDir) { process.cwd = workingDir }
        if privileged { process.capabilities = .init(DockerRuntimeDefaults.allCapabilities) }
        return process
    }

    /// entrypoint + cmd, where an explicit `entrypoint` drops the image's Cmd (nil means "the image's").
    static func arguments(_ spec: ContainerSpec, image: OCIImageConfig.Runtime?) throws(EngineError) -> [String] {
        let entrypoint = spec.entrypoint ?? image?.entrypoint ?? []
        let command = spec.command ?? (spec.entrypoint != nil ? [] : image?.cmd ?? [])
        let args = entrypoint + command
        guard !args.isEmpty else {
            throw EngineError(.invalidArgument, "container \(spec.name): no command specified")
        }
        return args
    }

    /// Docker's `ReplaceOrAppendEnvValues`: a known name is replaced in place, a new one appended, a variable
    /// without a value removes the name.
    static func merging(_ base: [String], _ overrides: [EnvironmentVariable]) -> [String] {
        var result = base
        for variable in overrides {
            let index = result.firstIndex { key($0) == variable.name }
            switch (index, variable.value) {
            case let (index?, value?): result[index] = "\(variable.name)=\(value)"
            case let (nil, value?): result.append("\(variable.name)=\(value)")
            case let (index?, nil): result.remove(at: index)
            case (nil, nil): break
            }
        }
        return result
    }

    static func variable(_ entry: String) -> EnvironmentVariable {
        guard let equals = entry.firstIndex(of: "=") else { return EnvironmentVariable(entry, nil) }
        return EnvironmentVariable(String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    static func key(_ entry: String) -> Substring {
        entry.prefix { $0 != "=" }
    }

    /// Docker's `TweakCapabilities`: privileged or `cap_add: [ALL]` give all (minus drops); `cap_drop: [ALL]`
    /// keeps only the adds; otherwise the 14 defaults minus drops plus adds. Names with or without `CAP_`.
    static func capabilities(add: [String], drop: [String], privileged: Bool) throws(EngineError) -> [String] {
        if privileged { return DockerRuntimeDefaults.allCapabilities }
        let adds = try add.map(capabilityName), drops = try drop.map(capabilityName)
        var result: [String]
        if adds.contains("ALL") {
            result = DockerRuntimeDefaults.allCapabilities.filter { !drops.contains($0) }
        } else if drops.contains("ALL") {
            result = adds
        } else {
            result = DockerRuntimeDefaults.capabilities.filter { !drops.contains($0) } + adds
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }
    }

    static func capabilityName(_ text: String) throws(EngineError) -> String {
        let upper = text.uppercased()
        if upper == "ALL" { return upper }
        let name = upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
        guard DockerRuntimeDefaults.knownCapabilities.contains(name) else {
            throw EngineError(.invalidArgument, "unknown capability: \"\(text)\"")
        }
        return name
    }

    /// `ulimits` as rlimits: `nofile` is `RLIMIT_NOFILE`; a negative limit is unlimited.
    static func rlimits(_ ulimits: [Ulimit]) throws(EngineError) -> [OCIRuntimeSpec.Rlimit]? {
        guard !ulimits.isEmpty else { return nil }
        var result: [OCIRuntimeSpec.Rlimit] = []
        for ulimit in ulimits {
            var name = ulimit.name.uppercased()
            if name.hasPrefix("RLIMIT_") { name.removeFirst("RLIMIT_".count) }
            guard DockerRuntimeDefaults.rlimitNames.contains(name) else {
                throw EngineError(.invalidArgument, "invalid ulimit type: \(ulimit.name)")
            }
            let soft = ulimit.soft < 0 ? UInt64.max : UInt64(ulimit.soft)
            let hard = ulimit.hard < 0 ? UInt64.max : UInt64(ulimit.hard)
            guard soft <= hard else {
                throw EngineError(.invalidArgument, "ulimit \(ulimit.name): soft limit must be less than or equal to hard limit")
            }
            result.removeAll { $0.type == "RLIMIT_" + name }
            result.append(.init(type: "RLIMIT_" + name, soft: soft, hard: hard))
        }
        return result
    }

    /// `security_opt: [no-new-privileges]` (also `:true`, `=true`; the last one wins).
    static func noNewPrivileges(_ options: [String]) -> Bool {
        var enabled = false
        for option in options where option.hasPrefix("no-new-privileges") {
            let value = option.dropFirst("no-new-privileges".count)
            if value.isEmpty {
                enabled = true
            } else if value.first == ":" || value.first == "=" {
                enabled = value.dropFirst() == "true"
            }
        }
        return enabled
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
