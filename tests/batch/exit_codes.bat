@echo off
rem Runs dgram.exe as a user's batch file would and reports each %ERRORLEVEL%.
rem Usage: exit_codes.bat PORT   (PORT: a loopback port the calling test listens on)
set DGRAM=%~dp0dgram.exe
"%DGRAM%" send 127.0.0.1 %1 "from batch"
echo success %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 70000 "x" 2>nul
echo bad_port %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 --file "%~f0" --max-size 10 2>nul
echo oversize %ERRORLEVEL%
"%DGRAM%" listen 0 --timeout 300ms 2>nul
echo listen_timeout %ERRORLEVEL%
"%DGRAM%" send nonexistent.invalid 9 "x" 2>nul
echo unresolvable %ERRORLEVEL%
exit /b 0
