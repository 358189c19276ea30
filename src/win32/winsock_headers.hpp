// The Windows SDK headers src/win32 uses, each the one Microsoft documents
// for the identifiers taken from it (README, "Windows SDK identifiers"), in
// the order they must come: winsock2.h before windows.h (which would
// otherwise pull in the old winsock.h), ws2tcpip.h, mstcpip.h and mswsock.h
// (WSARecvMsg's LPFN_WSARECVMSG and WSAID_WSARECVMSG) after it, iphlpapi.h
// last. One place, so that clang-format's include sorting cannot
// break the order.
#pragma once

// clang-format off
#include <winsock2.h>
#include <windows.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h>
#include <iphlpapi.h>
// clang-format on

// The SDK declares both in mstcpip.h; mingw-w64's mstcpip.h has neither (it
// puts SIO_UDP_CONNRESET in mswsock.h and lacks SIO_UDP_NETRESET). The values
// are the SDK's.
#ifndef SIO_UDP_CONNRESET
#define SIO_UDP_CONNRESET _WSAIOW(IOC_VENDOR, 12)
#endif
#ifndef SIO_UDP_NETRESET
#define SIO_UDP_NETRESET _WSAIOW(IOC_VENDOR, 15)
#endif
