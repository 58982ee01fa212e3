//go:build !linux

package auth

// lowerThreadPriority does nothing where a thread's priority cannot be set
// alone: secret checks then run at the priority of the process.
func lowerThreadPriority() {}
