; Inno Setup 6.3+ script for Wijkteam Desk (Windows 10/11, 64-bit; 6.3 for x64compatible).
;
; First build the bundle on Windows:   py installer\build.py      -> dist\wijkteam-desk\
; Then compile this script:           iscc installer\windows\wijkteam-desk.iss
; Result:                             dist\wijkteam-desk-setup-<version>.exe
; Pass another version with /DAppVersion=0.2.0 (keep it equal to wijkteam_desk.__version__).
;
; Per-user install: no administrator rights, files in %LOCALAPPDATA%\Programs\Wijkteam Desk.
; The vault is NOT here: the app keeps it in %LOCALAPPDATA%\wijkteam-desk (or WIJKTEAM_DESK_HOME),
; and uninstalling leaves that folder alone on purpose (installer/README.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Wijkteam Desk"
#define BundleDir "..\..\dist\wijkteam-desk"

[Setup]
; Keep this AppId for every version: it is how Windows knows an update from a second app.
AppId={{6C0E5B0A-3F4D-4C8E-9B7A-2D51A6E3F190}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Wijkteam Desk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per user: {autopf} becomes %LOCALAPPDATA%\Programs, no UAC prompt. IT can still force a
; machine-wide install with /ALLUSERS on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=wijkteam-desk-setup-{#AppVersion}
SetupIconFile=..\..\build\icons\wijkteam-desk.ico
UninstallDisplayIcon={app}\wijkteam-desk-gui.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; Updating while the app runs would leave a half-replaced bundle.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Messages]
dutch.UninstalledMost=Wijkteam Desk is verwijderd van deze computer.%n%nUw gegevens zijn NIET verwijderd: de versleutelde kluis staat nog in %LOCALAPPDATA%\wijkteam-desk. Verwijder die map alleen als de gegevens ergens anders veilig zijn bewaard.

[Tasks]
Name: "desktopicon"; Description: "Snelkoppeling op het bureaublad"; GroupDescription: "Extra:"; Flags: unchecked

[Files]
; The whole PyInstaller folder; nothing in it is user data.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\wijkteam-desk-gui.exe"; WorkingDir: "{userdocs}"; Comment: "Versleuteld dossier voor lokale teams"
Name: "{group}\{#AppName} verwijderen"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\wijkteam-desk-gui.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\wijkteam-desk-gui.exe"; Description: "{#AppName} nu starten"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program folder itself may hold. Deliberately no entry for
; {localappdata}\wijkteam-desk: the user's vault, key file and backups stay.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
// Say it before anything is removed, so nobody thinks uninstalling also wipes the case files.
function InitializeUninstall(): Boolean;
begin
  Result := True;
  if not UninstallSilent() then
    Result := MsgBox('Wijkteam Desk wordt verwijderd.' + #13#10#13#10 +
      'Uw gegevens blijven staan: de versleutelde kluis in ' +
      ExpandConstant('{localappdata}') + '\wijkteam-desk en uw reservekopieën worden niet ' +
      'verwijderd. Wilt u ook de gegevens kwijt? Verwijder die map daarna zelf, en alleen als ' +
      'ze ergens anders veilig zijn bewaard.' + #13#10#13#10 + 'Doorgaan?',
      mbConfirmation, MB_YESNO) = IDYES;
end;
