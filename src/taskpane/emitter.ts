/**
 * The base of the pane's small stores: state kept outside React (read with
 * useSyncExternalStore), so a panel's work survives switching tabs and tests
 * can drive the same logic without rendering.
 */
export type Listener = () => void;

export class Emitter<S> {
  private readonly listeners = new Set<Listener>();
  constructor(protected state: S) {}
  readonly subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  readonly getSnapshot = (): S => this.state;
  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
