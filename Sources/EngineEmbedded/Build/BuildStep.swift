/// What one evaluated instruction asks the builder to do, variables already substituted.
public struct BuildStep: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Only the image config changes (ENV, LABEL, CMD, …).
        case metadata
        case run(Run)
        case copy(Copy)
        /// WORKDIR: the directory must exist (made as root, mode 0755).
        case workdir(String)
    }

    public struct Run: Sendable, Hashable {
        public var args: [String]
        /// The config env, then the ARGs in scope the env does not override.
        public var env: [String]
        public var cwd: String
        public var user: String
        /// The ARGs in scope with a value, `NAME=value`, sorted: part of the cache key and of the history.
        public var argEnv: [String]
    }

    public struct Copy: Sendable, Hashable {
        public var isAdd: Bool
        public var sources: [String]
        /// Absolute in the image.
        public var destination: String
        /// The destination ends with `/` (or is `.`): it is a directory.
        public var destinationIsDirectory: Bool
        public var from: BuildPlan.CopySource?
        public var chown: String?
        public var chmod: UInt32?
    }

    public var instruction: DockerfileInstruction
    /// `RUN echo hi`, `COPY --from=builder /out /app/`: substituted, as the output shows it and as the cache
    /// key uses it.
    public var display: String
    public var action: Action
    /// The history's `created_by` (COPY/ADD get theirs from the builder, which knows the content hash).
    public var createdBy: String
}
