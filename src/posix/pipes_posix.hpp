// A pipe made with its flags set at once, where the system can.
#pragma once

namespace dgram::posix {

// Both ends with `flags` (O_CLOEXEC, O_NONBLOCK or both): one pipe2 call,
// or on macOS, which has no pipe2, pipe and fcntl (the moment between them
// is covered where it matters: handler_process_posix.cpp spawns with
// POSIX_SPAWN_CLOEXEC_DEFAULT). Returns 0, or errno.
int make_pipe(int ends[2], int flags);

}  // namespace dgram::posix
