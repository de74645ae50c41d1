import ComposeLoader
import ComposeModel
import EngineAPI
import Reconciler

extension ProjectSession {
    /// A session of an already loaded project on a given engine (no ping): for tests of the watcher on the
    /// fake engine.
    init(project: LoadedProject, engine: any ContainerEngine, scale: [String: Int] = [:]) throws {
        let model = try project.model()
        self.project = project
        self.model = model
        self.scale = scale
        self.desired = try DesiredStateFactory.make(project, model: model, options: DesiredStateOptions(scale: scale))
        self.engine = engine
    }
}
