@echo off
rem Skep launcher for Windows: finds JDK 25, builds the runnable jar (target\skep-cli.jar) when it is missing, runs it.
rem   skep serve --port 8080 --workers 4
setlocal
set "ROOT=%~dp0"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -version 2>&1 | findstr /r /c:"version \"2[5-9]" /c:"version \"[3-9][0-9]" >nul
if errorlevel 1 (
  echo skep: JDK 25 or newer not found ^(JAVA_HOME or java on PATH^); install one from https://adoptium.net 1>&2
  exit /b 1
)
if not exist "%ROOT%target\skep-cli.jar" (
  echo skep: building ^(mvn package^)... 1>&2
  pushd "%ROOT%"
  call mvn -q -B -DskipTests package
  if errorlevel 1 ( popd & echo skep: build failed 1>&2 & exit /b 1 )
  popd
)
if not defined SKEP_JAVA_OPTS set "SKEP_JAVA_OPTS=-XX:+UseSerialGC -Xms16m -Xmx1g -XX:+UseCompactObjectHeaders"
"%JAVA%" %SKEP_JAVA_OPTS% -jar "%ROOT%target\skep-cli.jar" %*
exit /b %errorlevel%
