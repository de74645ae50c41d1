/// The vocabulary of the version-1 (fig) file format, as docker-compose 1.x's `config_schema_v1.json`
/// defines it; the converter uses it both to recognise a version-1 file and to reject unknown keys.
enum LegacyAttributes {
    /// Every attribute a version-1 service may have.
    static let service: Set<String> = [
        "build", "cap_add", "cap_drop", "cgroup_parent", "command", "container_name", "cpu_quota",
        "cpu_shares", "cpuset", "devices", "dns", "dns_search", "dockerfile", "domainname", "entrypoint",
        "env_file", "environment", "expose", "extends", "external_links", "extra_hosts", "hostname", "image",
        "ipc", "labels", "links", "log_driver", "log_opt", "mac_address", "mem_limit", "mem_swappiness",
        "memswap_limit", "net", "pid", "ports", "privileged", "read_only", "restart", "security_opt",
        "shm_size", "stdin_open", "stop_signal", "tty", "ulimits", "user", "volume_driver", "volumes",
        "volumes_from", "working_dir",
    ]

    /// Top-level keys of the later formats: a document holding any of them is not a version-1 file.
    static let modernTopLevel: Set<String> = [
        "version", "services", "name", "include", "networks", "volumes", "secrets", "configs", "models",
    ]

    /// Extension keys (`x-…`) are carried over untouched, at the top level and inside services.
    static func isExtension(_ key: String) -> Bool {
        key.hasPrefix("x-")
    }
}
