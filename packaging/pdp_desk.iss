; Inno Setup script of PDP Desk: one installer file for Windows 10 and 11 from the folder that
; PyInstaller builds (packaging/pdp_desk.spec -> dist\pdp-desk).
;
;   py packaging\build.py
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\pdp_desk.iss
;       -> dist\PDP-Desk-Setup-<version>.exe
;   (/DAppVersion=1.2.3 sets the version; by default it is read from pdp-desk.exe, whose version
;    resource the spec makes from pdp_desk.__version__.)
;
; For one person, without administrator rights: installs into %LOCALAPPDATA%\Programs\PDP Desk,
; shortcuts in that person's Start menu (and optionally on the desktop). An update installs over
; the old version after PDP Desk has been closed (the app holds the mutex "PDPDeskRunning",
; src/pdp_desk/winmutex.py). Uninstalling keeps the data folder (%LOCALAPPDATA%\PDP Desk:
; database, backups, log) unless the person answers Yes to "also delete my data".
; Installer languages: Russian and English ship with Inno Setup; Kazakh is packaging\Kazakh.isl
; (ours: the messages a person sees, over Default.isl so nothing is missing).
; This file is UTF-8 with a BOM (Inno Setup needs the BOM to read the Cyrillic text).

#define AppName "PDP Desk"
#define ExeName "pdp-desk.exe"
#define DistDir AddBackslash(SourcePath) + "..\dist\pdp-desk"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(DistDir + "\" + ExeName)
#endif
#if AppVersion == ""
  #error pdp-desk.exe has no version: build it first with packaging\build.py, or pass /DAppVersion=...
#endif

[Setup]
; AppId identifies the product for updates and uninstall: never change it.
AppId={{63FD5F56-20B8-431C-9927-9AA2997B2BB1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per user, no UAC prompt: {autopf} is %LOCALAPPDATA%\Programs when installing without admin rights.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Ask PDP Desk to be closed before files are replaced or removed; never start a second setup.
AppMutex=PDPDeskRunning
SetupMutex=PDPDeskSetup
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=yes
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
OutputDir=..\dist
OutputBaseFilename=PDP-Desk-Setup-{#AppVersion}

[Languages]
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
; Kazakh over English: a message Kazakh.isl lacks appears in English rather than breaking the build.
Name: "kk"; MessagesFile: "compiler:Default.isl,Kazakh.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The program's libraries of the previous version go first: a stale file left beside the new
; ones could be loaded instead of them. (The data folder is elsewhere and untouched.)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Registry]
; The app starts in the language chosen for the installer; a choice made in the app is kept on updates.
; (Qt's QSettings key "ui/language" of organisation and application "PDP Desk".)
Root: HKCU; Subkey: "Software\PDP Desk\PDP Desk\ui"; ValueType: string; ValueName: "language"; ValueData: "{language}"; Flags: createvalueifdoesntexist

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[CustomMessages]
ru.DeleteDataQuestion=Удалить также ваши данные PDP Desk?%n%nВ папке%n%1%nхранятся база данных, её резервные копии и журнал программы. Если нажать «Да», они будут удалены безвозвратно. Нажмите «Нет», чтобы сохранить их (например, чтобы позже установить PDP Desk снова).%n%nБазы данных и резервные копии в других папках, выбранных вами, не затрагиваются.
ru.DeleteDataFailed=Не удалось удалить некоторые файлы в папке%n%1%nУдалите её вручную, когда PDP Desk будет закрыт.
kk.DeleteDataQuestion=PDP Desk деректерін де жою керек пе?%n%n%1%nқалтасында дерекқор, оның сақтық көшірмелері және бағдарлама журналы сақталады. «Иә» батырмасын бассаңыз, олар біржола жойылады және қалпына келтірілмейді. Оларды сақтау үшін (мысалы, PDP Desk-ті кейін қайта орнату үшін) «Жоқ» батырмасын басыңыз.%n%nӨзіңіз таңдаған басқа қалталардағы дерекқорлар мен сақтық көшірмелерге ешнәрсе болмайды.
kk.DeleteDataFailed=%1%nқалтасындағы кейбір файлдарды жою мүмкін болмады. PDP Desk жабық кезде қалтаны қолмен жойыңыз.
en.DeleteDataQuestion=Also delete your PDP Desk data?%n%nThe folder%n%1%nholds the database, its backups and the program's log. Yes deletes them for good: they cannot be restored. No keeps them (for example, to install PDP Desk again later).%n%nDatabases and backups in other folders you chose are not touched.
en.DeleteDataFailed=Some files in the folder%n%1%ncould not be deleted. Delete it by hand when PDP Desk is closed.

[Code]
var
  DeleteData: Boolean;

{ The folder of pdp_desk.appdirs.data_dir()'s organisation: database, backups, log. }
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\PDP Desk');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Ask before anything is removed; a silent uninstall keeps the data (the default answer No). }
  if (CurUninstallStep = usUninstall) and DirExists(DataDir()) then
    DeleteData := SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataDir()]),
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  if (CurUninstallStep = usPostUninstall) and DeleteData then
  begin
    if not DelTree(DataDir(), True, True, True) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [DataDir()]), mbError, MB_OK, IDOK);
    { The settings (language, window, the chosen database) go with the data. }
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\PDP Desk');
  end;
end;
