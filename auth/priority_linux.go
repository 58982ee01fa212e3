package auth

import "syscall"

// lowerThreadPriority gives the calling OS thread a lower scheduling
// priority (nice 10: under contention about a tenth of the processor time
// of a normal thread, without starving it as nice 19 would); on Linux the
// priority of a thread id is the thread's own.
func lowerThreadPriority() {
	syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10)
}
