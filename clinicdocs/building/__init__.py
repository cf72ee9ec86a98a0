"""Building: the orchestrator, and what makes a rebuild fast and safe.

Takes the command line's options; `build` runs the stages in order (read and check everything, plan,
render what changed, write atomically), `manifest` records what each output was made from, `uptodate`
answers "nothing to do" before the heavy stages are imported, and `workers` renders in several
processes. Hands on the outputs in the build folder and a report of what was written.
"""
