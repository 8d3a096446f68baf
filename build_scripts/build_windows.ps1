# Build the OncoPOS bundle on Windows 10/11 (x64): dist\OncoPOS\ and dist\OncoPOS-<version>-windows-x64.zip.
#
#   powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1 [-NoCheck]
#
# Needs Python 3.11 or newer (x64, from python.org, with the "py" launcher) and this checkout.
# Not run in CI (CI is Linux): run it on a Windows build PC before a release. The bundle holds two
# programs over the same files: OncoPOS.exe (the app, no console window) and oncopos-cli.exe (the
# command line: self-check, secrets, db upgrade), because a windowed .exe cannot print.
# The executables are not code-signed; Windows SmartScreen warns until they are.
param([switch]$NoCheck)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Checked([string]$what, [scriptblock]$block) {
    & $block
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" }
}

if (-not (Test-Path .venv\Scripts\python.exe)) {
    Invoke-Checked "creating .venv" { py -3.11 -m venv .venv }
}
$python = ".venv\Scripts\python.exe"
Invoke-Checked "pip upgrade" { & $python -m pip install -q --upgrade pip }
# The dev lock carries PyInstaller; pip adds the Windows-only dependencies (pywin32-ctypes for keyring).
Invoke-Checked "installing requirements-dev.lock" { & $python -m pip install -q -r requirements-dev.lock }
Invoke-Checked "installing oncopos" { & $python -m pip install -q --no-deps -e . }

# oncopos.ico from oncopos\resources\icons\oncopos.svg (Qt renders it, Pillow packs it).
Invoke-Checked "making the icons" { & $python build_scripts\make_icons.py --out build\icons }
$started = Get-Date
Invoke-Checked "PyInstaller" {
    & $python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller build_scripts\oncopos.spec
}
$seconds = [int]((Get-Date) - $started).TotalSeconds
$bytes = (Get-ChildItem dist\OncoPOS -Recurse -File | Measure-Object Length -Sum).Sum
Write-Host ("Built dist\OncoPOS in {0} s; size {1:N0} MB" -f $seconds, ($bytes / 1MB))

if (-not $NoCheck) {
    # A scratch data folder: the builder's own OncoPOS data and logs stay untouched.
    $scratch = Join-Path ([IO.Path]::GetTempPath()) ("oncopos-build-" + [guid]::NewGuid())
    $env:ONCOPOS_DATA_DIR = $scratch
    try { Invoke-Checked "the bundle's self-check" { & dist\OncoPOS\oncopos-cli.exe self-check } }
    finally { Remove-Item Env:ONCOPOS_DATA_DIR; Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue }
}

$version = (& $python -c "import oncopos; print(oncopos.__version__)").Trim()
$zip = "dist\OncoPOS-$version-windows-x64.zip"
if (Test-Path $zip) { Remove-Item $zip }
Compress-Archive -Path dist\OncoPOS -DestinationPath $zip
Write-Host "Packed $zip"
