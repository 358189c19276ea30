// The OS socket headers the rest of this folder is written against: the
// Windows SDK's through win32/winsock_headers.hpp, POSIX's own elsewhere. The
// only #if of the folder; every header here includes this one first.
#pragma once

#if defined(_WIN32)
#include "win32/winsock_headers.hpp"
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif
