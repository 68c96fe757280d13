//! The built-in example workspace.
use super::model::Workspace;

/// The example workspace shown on first start.
pub fn example_workspace() -> Workspace {
    let mut ws = Workspace::empty("Example: retail bank service organisation");
    ws.is_example = true;
    ws
}
