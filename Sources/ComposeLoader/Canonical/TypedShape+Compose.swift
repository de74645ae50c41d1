/// compose-go v2.9.1's types package, field by field (types.go, healthcheck.go, develop.go, …).
extension TypedShape {
    private static func object(
        _ name: String, _ fields: [TypedField], caseInsensitive: Bool = false, extensions: Bool = true
    ) -> TypedShape {
        .object(TypedObject(name: name, fields: fields, caseInsensitiveKeys: caseInsensitive, hasExtensions: extensions))
    }

    private static let strings: TypedShape = .list(.string)

    static let service: TypedShape = object("ServiceConfig", [
        TypedField("profiles", strings),
        TypedField("annotations", .custom(.mapping)),
        TypedField("attach", .pointer(.bool)),
        TypedField("build", .pointer(build)),
        TypedField("develop", .pointer(develop)),
        TypedField("blkio_config", .pointer(blkio)),
        TypedField("cap_add", strings),
        TypedField("cap_drop", strings),
        TypedField("cgroup_parent", .string),
        TypedField("cgroup", .string),
        TypedField("cpu_count", .int),
        TypedField("cpu_percent", .float32),
        TypedField("cpu_period", .int),
        TypedField("cpu_quota", .int),
        TypedField("cpu_rt_period", .int),
        TypedField("cpu_rt_runtime", .int),
        TypedField("cpus", .float32),
        TypedField("cpuset", .string),
        TypedField("cpu_shares", .int),
        TypedField("command", .custom(.shellCommand), omitEmpty: false, yamlOmitEmpty: true),
        TypedField("configs", .list(fileReference)),
        TypedField("container_name", .string),
        TypedField("credential_spec", .pointer(credentialSpec)),
        TypedField("depends_on", .map(dependency)),
        TypedField("deploy", .pointer(deploy)),
        TypedField("device_cgroup_rules", strings),
        TypedField("devices", .list(deviceMapping)),
        TypedField("dns", .custom(.stringList)),
        TypedField("dns_opt", strings),
        TypedField("dns_search", .custom(.stringList)),
        TypedField("dockerfile", .string),
        TypedField("domainname", .string),
        TypedField("entrypoint", .custom(.shellCommand), omitEmpty: false, yamlOmitEmpty: true),
        TypedField("provider", .pointer(provider)),
        TypedField("environment", .custom(.mappingWithEquals)),
        TypedField("env_file", .list(.custom(.envFile))),
        TypedField("expose", .custom(.stringOrNumberList)),
        TypedField("extends", .pointer(extends)),
        TypedField("external_links", strings),
        TypedField("extra_hosts", .custom(.hostsList)),
        TypedField("group_add", strings),
        TypedField("gpus", .list(deviceRequest)),
        TypedField("hostname", .string),
        TypedField("healthcheck", .pointer(healthcheck)),
        TypedField("image", .string),
        TypedField("init", .pointer(.bool)),
        TypedField("ipc", .string),
        TypedField("isolation", .string),
        TypedField("labels", .custom(.labels)),
        TypedField("label_file", strings),
        TypedField("links", strings),
        TypedField("logging", .pointer(logging)),
        TypedField("log_driver", .string),
        TypedField("log_opt", .map(.string)),
        TypedField("mem_limit", .custom(.unitBytes)),
        TypedField("mem_reservation", .custom(.unitBytes)),
        TypedField("memswap_limit", .custom(.unitBytes)),
        TypedField("mem_swappiness", .custom(.unitBytes)),
        TypedField("mac_address", .string),
        TypedField("models", .map(.pointer(serviceModel))),
        TypedField("net", .string),
        TypedField("network_mode", .string),
        TypedField("networks", .map(.pointer(serviceNetwork))),
        TypedField("oom_kill_disable", .bool),
        TypedField("oom_score_adj", .int),
        TypedField("pid", .string),
        TypedField("pids_limit", .int),
        TypedField("platform", .string),
        TypedField("ports", .list(port)),
        TypedField("privileged", .bool),
        TypedField("pull_policy", .string),
        TypedField("read_only", .bool),
        TypedField("restart", .string),
        TypedField("runtime", .string),
        TypedField("scale", .pointer(.int)),
        TypedField("secrets", .list(fileReference)),
        TypedField("security_opt", strings),
        TypedField("shm_size", .custom(.unitBytes)),
        TypedField("stdin_open", .bool),
        TypedField("stop_grace_period", .pointer(.custom(.duration))),
        TypedField("stop_signal", .string),
        TypedField("storage_opt", .map(.string)),
        TypedField("sysctls", .custom(.mapping)),
        TypedField("tmpfs", .custom(.stringList)),
        TypedField("tty", .bool),
        TypedField("ulimits", .map(.pointer(.custom(.ulimit)))),
        TypedField("use_api_socket", .bool),
        TypedField("user", .string),
        TypedField("userns_mode", .string),
        TypedField("uts", .string),
        TypedField("volume_driver", .string),
        TypedField("volumes", .list(serviceVolume)),
        TypedField("volumes_from", strings),
        TypedField("working_dir", .string),
        TypedField("post_start", .list(serviceHook)),
        TypedField("pre_stop", .list(serviceHook)),
    ])

    static let build: TypedShape = object("BuildConfig", [
        TypedField("context", .string),
        TypedField("dockerfile", .string),
        TypedField("dockerfile_inline", .string),
        TypedField("entitlements", strings),
        TypedField("args", .custom(.mappingWithEquals)),
        TypedField("provenance", .string),
        TypedField("sbom", .string),
        TypedField("ssh", .custom(.sshConfig)),
        TypedField("labels", .custom(.labels)),
        TypedField("cache_from", .custom(.stringList)),
        TypedField("cache_to", .custom(.stringList)),
        TypedField("no_cache", .bool),
        TypedField("additional_contexts", .custom(.mapping)),
        TypedField("pull", .bool),
        TypedField("extra_hosts", .custom(.hostsList)),
        TypedField("isolation", .string),
        TypedField("network", .string),
        TypedField("target", .string),
        TypedField("secrets", .list(fileReference)),
        TypedField("shm_size", .custom(.unitBytes)),
        TypedField("tags", .custom(.stringList)),
        TypedField("ulimits", .map(.pointer(.custom(.ulimit)))),
        TypedField("platforms", .custom(.stringList)),
        TypedField("privileged", .bool),
    ])

    static let serviceHook: TypedShape = object("ServiceHook", [
        TypedField("command", .custom(.shellCommand), omitEmpty: false, yamlOmitEmpty: true),
        TypedField("user", .string),
        TypedField("privileged", .bool),
        TypedField("working_dir", .string),
        TypedField("environment", .custom(.mappingWithEquals)),
    ])

    static let develop: TypedShape = object("DevelopConfig", [
        TypedField("watch", .list(object("Trigger", [
            TypedField("path", .string, omitEmpty: false),
            TypedField("action", .string, omitEmpty: false),
            TypedField("target", .string),
            TypedField("exec", serviceHook),
            TypedField("include", strings),
            TypedField("ignore", strings),
            TypedField("initial_sync", .bool),
        ]))),
    ])

    static let blkio: TypedShape = {
        let weightDevice = object("WeightDevice", [
            TypedField("path", .string, omitEmpty: false, json: "Path"),
            TypedField("weight", .int, omitEmpty: false, json: "Weight"),
        ], caseInsensitive: true)
        let throttle = object("ThrottleDevice", [
            TypedField("path", .string, omitEmpty: false, json: "Path"),
            TypedField("rate", .custom(.unitBytes), omitEmpty: false, json: "Rate"),
        ], caseInsensitive: true)
        return object("BlkioConfig", [
            TypedField("weight", .int),
            TypedField("weight_device", .list(weightDevice)),
            TypedField("device_read_bps", .list(throttle)),
            TypedField("device_read_iops", .list(throttle)),
            TypedField("device_write_bps", .list(throttle)),
            TypedField("device_write_iops", .list(throttle)),
        ])
    }()

    static let deviceMapping: TypedShape = object("DeviceMapping", [
        TypedField("source", .string),
        TypedField("target", .string),
        TypedField("permissions", .string),
    ])

    static let logging: TypedShape = object("LoggingConfig", [
        TypedField("driver", .string),
        TypedField("options", .custom(.options)),
    ])

    static let deploy: TypedShape = {
        let update = object("UpdateConfig", [
            TypedField("parallelism", .pointer(.int)),
            TypedField("delay", .custom(.duration)),
            TypedField("failure_action", .string),
            TypedField("monitor", .custom(.duration)),
            TypedField("max_failure_ratio", .float32),
            TypedField("order", .string),
        ])
        let resource = object("Resource", [
            TypedField("cpus", .custom(.nanoCPUs)),
            TypedField("memory", .custom(.unitBytes)),
            TypedField("pids", .int),
            TypedField("devices", .list(deviceRequest)),
            TypedField("generic_resources", .list(object("GenericResource", [
                TypedField("discrete_resource_spec", .pointer(object("DiscreteGenericResource", [
                    TypedField("kind", .string, omitEmpty: false),
                    TypedField("value", .int, omitEmpty: false),
                ]))),
            ]))),
        ])
        return object("DeployConfig", [
            TypedField("mode", .string),
            TypedField("replicas", .pointer(.int)),
            TypedField("labels", .custom(.labels)),
            TypedField("update_config", .pointer(update)),
            TypedField("rollback_config", .pointer(update)),
            TypedField("resources", object("Resources", [
                TypedField("limits", .pointer(resource)),
                TypedField("reservations", .pointer(resource)),
            ])),
            TypedField("restart_policy", .pointer(object("RestartPolicy", [
                TypedField("condition", .string),
                TypedField("delay", .pointer(.custom(.duration))),
                TypedField("max_attempts", .pointer(.int)),
                TypedField("window", .pointer(.custom(.duration))),
            ]))),
            TypedField("placement", object("Placement", [
                TypedField("constraints", strings),
                TypedField("preferences", .list(object("PlacementPreferences", [TypedField("spread", .string)]))),
                TypedField("max_replicas_per_node", .int),
            ])),
            TypedField("endpoint_mode", .string),
        ])
    }()

    static let deviceRequest: TypedShape = object("DeviceRequest", [
        TypedField("capabilities", strings),
        TypedField("driver", .string),
        TypedField("count", .custom(.deviceCount)),
        TypedField("device_ids", strings),
        TypedField("options", .custom(.mapping)),
    ], extensions: false)

    static let serviceNetwork: TypedShape = object("ServiceNetworkConfig", [
        TypedField("aliases", strings),
        TypedField("driver_opts", .custom(.options)),
        TypedField("gw_priority", .int),
        TypedField("interface_name", .string),
        TypedField("ipv4_address", .string),
        TypedField("ipv6_address", .string),
        TypedField("link_local_ips", strings),
        TypedField("mac_address", .string),
        TypedField("priority", .int),
    ])

    static let port: TypedShape = object("ServicePortConfig", [
        TypedField("name", .string),
        TypedField("mode", .string),
        TypedField("host_ip", .string),
        TypedField("target", .int),
        TypedField("published", .string),
        TypedField("protocol", .string),
        TypedField("app_protocol", .string),
    ])

    static let serviceVolume: TypedShape = object("ServiceVolumeConfig", [
        TypedField("type", .string),
        TypedField("source", .string),
        TypedField("target", .string),
        TypedField("read_only", .bool),
        TypedField("consistency", .string),
        TypedField("bind", .pointer(object("ServiceVolumeBind", [
            TypedField("selinux", .string),
            TypedField("propagation", .string),
            TypedField("create_host_path", .bool),
            TypedField("recursive", .string),
        ]))),
        TypedField("volume", .pointer(object("ServiceVolumeVolume", [
            TypedField("labels", .custom(.mapping)),
            TypedField("nocopy", .bool),
            TypedField("subpath", .string),
        ]))),
        TypedField("tmpfs", .pointer(object("ServiceVolumeTmpfs", [
            TypedField("size", .custom(.unitBytes)),
            TypedField("mode", .int),
        ]))),
        TypedField("image", .pointer(object("ServiceVolumeImage", [TypedField("subpath", .string)]))),
    ])

    static let fileReference: TypedShape = object("FileReferenceConfig", [
        TypedField("source", .string),
        TypedField("target", .string),
        TypedField("uid", .string),
        TypedField("gid", .string),
        TypedField("mode", .pointer(.custom(.fileMode))),
    ])

    static let healthcheck: TypedShape = object("HealthCheckConfig", [
        TypedField("test", .custom(.healthCheckTest)),
        TypedField("timeout", .pointer(.custom(.duration))),
        TypedField("interval", .pointer(.custom(.duration))),
        TypedField("retries", .pointer(.int)),
        TypedField("start_period", .pointer(.custom(.duration))),
        TypedField("start_interval", .pointer(.custom(.duration))),
        TypedField("disable", .bool),
    ])

    static let credentialSpec: TypedShape = object("CredentialSpecConfig", [
        TypedField("config", .string),
        TypedField("file", .string),
        TypedField("registry", .string),
    ])

    static let dependency: TypedShape = object("ServiceDependency", [
        TypedField("condition", .string),
        TypedField("restart", .bool),
        TypedField("required", .bool, omitEmpty: false),
    ])

    static let extends: TypedShape = object("ExtendsConfig", [
        TypedField("file", .string),
        TypedField("service", .string),
    ], extensions: false)

    static let provider: TypedShape = object("ServiceProviderConfig", [
        TypedField("type", .string),
        TypedField("options", .custom(.multiOptions)),
    ])

    static let serviceModel: TypedShape = object("ServiceModelConfig", [
        TypedField("endpoint_var", .string),
        TypedField("model_var", .string),
    ])

    static let network: TypedShape = object("NetworkConfig", [
        TypedField("name", .string),
        TypedField("driver", .string),
        TypedField("driver_opts", .custom(.options)),
        TypedField("ipam", object("IPAMConfig", [
            TypedField("driver", .string),
            TypedField("config", .list(.pointer(object("IPAMPool", [
                TypedField("subnet", .string),
                TypedField("gateway", .string),
                TypedField("ip_range", .string),
                TypedField("aux_addresses", .custom(.mapping)),
            ])))),
        ])),
        TypedField("external", .bool),
        TypedField("internal", .bool),
        TypedField("attachable", .bool),
        TypedField("labels", .custom(.labels)),
        TypedField("enable_ipv4", .pointer(.bool)),
        TypedField("enable_ipv6", .pointer(.bool)),
    ])

    static let volume: TypedShape = object("VolumeConfig", [
        TypedField("name", .string),
        TypedField("driver", .string),
        TypedField("driver_opts", .custom(.options)),
        TypedField("external", .bool),
        TypedField("labels", .custom(.labels)),
    ])

    /// Top-level `models` (printed in YAML only).
    static let model: TypedShape = object("ModelConfig", [
        TypedField("name", .string),
        TypedField("model", .string),
        TypedField("context_size", .int),
        TypedField("runtime_flags", strings),
    ])

    /// Secrets and configs (FileObjectConfig); the `content` rule differs, see `ProjectTyper`.
    static let fileObject: TypedShape = object("FileObjectConfig", [
        TypedField("name", .string),
        TypedField("file", .string),
        TypedField("environment", .string),
        TypedField("content", .string),
        TypedField("external", .bool),
        TypedField("labels", .custom(.labels)),
        TypedField("driver", .string),
        TypedField("driver_opts", .map(.string)),
        TypedField("template_driver", .string),
    ])
}
