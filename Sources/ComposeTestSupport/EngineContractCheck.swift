import EngineAPI

/// What one contract check runs against: an engine, a project name nobody else uses, and an image the
/// engine has locally and can run.
public struct EngineContractContext: Sendable {
    public var engine: any ContainerEngine
    /// Checks name everything they create after it (`<project>-web`, `<project>_net`) and label it with it;
    /// a few also use `<project>-other` as a second project.
    public var project: String
    /// A local image (checks never pull: integration machines may have no registry).
    public var image: String
    /// A command that keeps the container running until it is stopped (nil: the image's own).
    public var command: [String]?
    /// Seconds a check waits for something that should happen (an exit, a stream's end) before calling it
    /// a violation: only a broken engine ever reaches it, so it is generous, and never a speed assertion.
    public var patience: Double

    /// The image must also offer `sh` (with `echo`, `exit` and `sleep`): some checks run small scripts.
    public init(engine: any ContainerEngine, project: String, image: String, command: [String]? = nil, patience: Double = 20) {
        self.engine = engine
        self.project = project
        self.image = image
        self.command = command
        self.patience = patience
    }
}

/// One named check of the engine contract. Run it with any engine: it uses only the protocol, removes what
/// it created even when it fails, and waits on no clock (a state an engine may report late is polled).
public struct EngineContractCheck: Sendable, CustomStringConvertible {
    public let name: String
    let body: @Sendable (EngineContractRun) async throws(EngineContractViolation) -> Void

    init(_ name: String, _ body: @escaping @Sendable (EngineContractRun) async throws(EngineContractViolation) -> Void) {
        self.name = name
        self.body = body
    }

    public var description: String { name }

    /// Runs the check, then removes everything it created. Throws the first violation; a clean-up that
    /// fails or leaves objects behind after a passing check is a violation too.
    public func run(_ context: EngineContractContext) async throws(EngineContractViolation) {
        let run = EngineContractRun(check: name, context: context)
        var failure: EngineContractViolation?
        do {
            try await body(run)
        } catch {
            failure = error
        }
        let leftovers = await run.cleanUp()
        if let failure { throw failure }
        if let leftover = leftovers.first { throw EngineContractViolation(check: name, message: leftover) }
    }
}

/// A broken promise of the engine contract, with what was expected and what the engine did.
public struct EngineContractViolation: Error, Sendable, CustomStringConvertible {
    public var check: String
    public var message: String

    public init(check: String, message: String) {
        self.check = check
        self.message = message
    }

    public var description: String { "\(check): \(message)" }
}
