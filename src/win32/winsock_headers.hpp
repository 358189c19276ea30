// The Windows SDK headers in the order they must come: winsock2.h before
// windows.h-dependent socket headers, shellapi.h after windows.h. One place,
// so that clang-format's include sorting cannot break the order.
#pragma once

// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <shellapi.h>
#include <iphlpapi.h>
#include <netioapi.h>
// clang-format on
