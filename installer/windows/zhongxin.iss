; 综治中心桌面端 — Windows installer (Inno Setup 6.3 or newer; Unicode; this file is UTF-8 with BOM).
;
; Build on Windows, from the repository root, after freezing the app (README: "Building the installers"):
;     pyinstaller --noconfirm --clean installer\zhongxin.spec --distpath build\dist --workpath build\work
;     iscc installer\windows\zhongxin.iss
; → build\windows\ZhongxinDesktop-Setup-<version>.exe
;
; What it does, and why:
; - per-machine install into C:\Program Files\ZhongxinDesktop (admin rights; township PCs are
;   set up by a county IT worker), Chinese wizard, start-menu and desktop shortcuts in Chinese;
; - refuses to continue while the app runs (AppMutex: the GUI holds this mutex, see
;   src/zhongxin_desktop/ui/single_instance_win.py — keep the names equal);
; - removes the previous version's program files first (a stale Qt or Python library left
;   from an older version is a classic cause of crashes after an upgrade);
; - never touches user data on install or upgrade: it lives outside {app}, in each user's
;   %LOCALAPPDATA%\ZhongxinDesktop (database, backups, attachments, keys, logs);
; - on uninstall, asks whether to delete that data too; the default answer is No.

#define AppName "综治中心桌面端"
#define AppExe "ZhongxinDesktop.exe"
#define DistDir AddBackslash(SourcePath) + "..\..\build\dist\zhongxin"
#define DataFolderName "ZhongxinDesktop"

#if !FileExists(DistDir + "\" + AppExe)
  #error "build\dist\zhongxin\ZhongxinDesktop.exe not found: freeze the app with PyInstaller first (see the top of this file)"
#endif

; The one version number: pyproject.toml → the frozen exe's version resource (installer/zhongxin.spec).
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExe, "ProductVersion")
#endif

; Chinese Simplified wizard texts are an unofficial Inno Setup translation, not installed with
; Inno Setup 6 by default: get ChineseSimplified.isl from https://jrsoftware.org/files/istrans/
; (or github.com/jrsoftware/issrc, Files/Languages/Unofficial) and put it either into Inno
; Setup's Languages folder or next to this script.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #error "ChineseSimplified.isl not found (see the comment above): the wizard must be in Chinese"
#endif

[Setup]
; AppId identifies the program across versions (upgrades, uninstall): never change it.
AppId={{1C108CE5-2462-4D9F-8994-7F93EECB365A}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=综治中心桌面端
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\ZhongxinDesktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
AppMutex=ZhongxinDesktopRunningMutex,Global\ZhongxinDesktopRunningMutex
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no
WizardStyle=modern
SetupIconFile=zhongxin.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\build\windows
OutputBaseFilename=ZhongxinDesktop-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; {localappdata} below is used only by the uninstaller's data question, on purpose.
UsedUserAreasWarning=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[InstallDelete]
; The previous version's program files, before the new ones are copied. Only what the frozen app
; consists of: the two executables and its _internal folder. User data is never in {app}.
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\zhongxin.exe"
Type: files; Name: "{app}\{#AppExe}"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "乡镇综治中心矛盾纠纷调处"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; runasoriginaluser: the app must start as the clerk, not as the administrator account that
; ran the installer, or its data folder would be the administrator's.
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
function DataDir: String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolderName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir) then
  begin
    { Default No, also for a silent uninstall: case records are the center's official files. }
    if SuppressibleMsgBox('程序已卸载。' + #13#10#13#10 +
         '是否同时删除本机的案件数据？' + #13#10 + DataDir + #13#10#13#10 +
         '其中包括数据库、备份、附件和密钥。案件数据是中心的正式档案，删除后无法恢复；' +
         '如需保留或转到新电脑，请选择“否”，并先用程序的“备份”功能复制到U盘。' + #13#10#13#10 +
         '（只处理当前 Windows 用户的数据；其他用户的数据和自定义数据目录不受影响。）',
         mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
    begin
      if not DelTree(DataDir, True, True, True) then
        MsgBox('部分数据未能删除，请手动删除文件夹：' + #13#10 + DataDir, mbError, MB_OK);
    end;
  end;
end;
