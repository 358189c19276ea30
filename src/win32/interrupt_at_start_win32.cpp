// Installs the Ctrl+C handler before anything of dgram.exe runs, from a TLS
// callback: the loader calls it once the DLLs are loaded, before the C
// runtime starts and main is called. Ctrl+C in that time would otherwise
// meet the default handler, which ends the process with
// STATUS_CONTROL_C_EXIT (Wine: with 0) instead of 130. Linked into dgram.exe
// only, so that the test programs keep the default Ctrl+C.
#include "win32/winsock_headers.hpp"

#include "common/system.hpp"

namespace {

void NTAPI install_at_process_start(PVOID, DWORD reason, PVOID) {
  if (reason == DLL_PROCESS_ATTACH) dgram::sys::install_interrupt_handler();
}

}  // namespace

// The loader calls every pointer in the .CRT$XL? sections (between the C
// runtime's .CRT$XLA and .CRT$XLZ markers) that the TLS directory lists.
#ifdef _MSC_VER
#pragma comment(linker, "/INCLUDE:_tls_used")
#pragma comment(linker, "/INCLUDE:dgram_interrupt_at_start")
#pragma const_seg(".CRT$XLB")
extern "C" const PIMAGE_TLS_CALLBACK dgram_interrupt_at_start = install_at_process_start;
#pragma const_seg()
#else
extern "C" __attribute__((section(".CRT$XLB"), used))
const PIMAGE_TLS_CALLBACK dgram_interrupt_at_start = install_at_process_start;
#endif
