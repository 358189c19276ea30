@echo off
rem Arguments as a batch file writes them: cmd.exe passes each line's text to
rem dgram.exe, which must split it as every MSVC-built program does. Each
rem send is one datagram to the calling test, which checks the bytes.
rem Usage: quoting.bat PORT TEXT   (TEXT: any argument, quoted by the caller)
set DGRAM=%~dp0dgram.exe
"%DGRAM%" send 127.0.0.1 %1 "a ""b"" c"
echo doubled_quotes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 "say \"hi\" twice"
echo escaped_quotes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 "C:\my dir\\"
echo backslash_before_quote %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 \\server\share\a\\b
echo literal_backslashes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 pre"quoted  part"post
echo quotes_inside_a_word %ERRORLEVEL%
rem An empty argument is a MESSAGE of zero bytes, not a missing MESSAGE
rem (which would read standard input, here "stdin").
echo stdin| "%DGRAM%" send 127.0.0.1 %1 ""
echo empty_argument %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 %2
echo passed_through %ERRORLEVEL%
exit /b 0
