; Inno Setup script for Report Mail on Windows (Inno Setup 6, https://jrsoftware.org/isinfo.php).
;
; NOT RUN OR TESTED IN THIS PROJECT'S BUILD: Inno Setup is a Windows program and the build
; machines are Debian. To make the installer, on Windows:
;   1. make package-windows on Linux (or take dist\reportmail-VERSION-windows-amd64.zip),
;      and unzip it into one folder; this script sits in the zip beside the programs;
;   2. iscc /DAppVersion=VERSION reportmail.iss      (VERSION = FyneApp.toml's Version)
;   3. sign Output\ReportMailSetup-VERSION.exe with signtool, as for any installer.
;
; It installs for the current user (no administrator rights needed; office workers often
; have none) and registers Report Mail under "Open with" for .eml and .msg without taking
; over the default program: Outlook or Mail keeps opening them on a double-click.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Report Mail"
#define AppExe "Report Mail.exe"
#define ProgId "ReportMail.Email"

[Setup]
AppId={{6E4C2C55-8D8B-4B8E-9A53-6B2F3C1D9A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Report Mail developers
AppPublisherURL=https://github.com/reportmail/reportmail
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\{#AppExe}
OutputBaseFilename=ReportMailSetup-{#AppVersion}
ChangesAssociations=yes
WizardStyle=modern

[Files]
Source: "{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "reportmail-cli.exe"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; The program's own file type, which "Open with" lists under the program's name.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Email for {#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; "Open with" for .eml and .msg, without becoming the default program for them.
Root: HKA; Subkey: "Software\Classes\.eml\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.msg\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
; The Applications entry gives "Open with" the friendly name and the types it supports.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".eml"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".msg"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
