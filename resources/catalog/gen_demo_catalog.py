import json
LH='上海市绿化和市容管理局'; LY='上海市林业总站'; SJ='松江区生态环境局'
def M(id,name,req='required',pres='copy',copies=1,fmt='paper-or-electronic',el=None,ds=None,commit=False,form=None,example=None,cond=None,note=None,defic=False):
    m={'id':id,'name':name,'requirement':req,'presentation':pres,'copies':copies,'format':fmt,'commitmentAllowed':commit}
    if defic: m['deficiencyAllowed']=True
    if cond: m['condition']=cond
    if el: m['elicenceType']=el
    if ds: m['datashareCheck']=ds
    if form: m['blankForm']=form
    if example: m['example']=example
    if note: m['note']=note
    return m
def APP(name): return M('M01',f'{name}申请表',pres='original',fmt='paper-or-electronic',form=f'blank-forms/{name}申请表.docx',example=f'examples/{name}申请表（填写样例）.pdf')
BL=lambda id='M02': M(id,'营业执照',el='business-licence',note='已归集电子证照的免于提交')
AGENT=lambda id='M99': M(id,'授权委托书及代理人身份证明',req='conditional',pres='original',cond='委托他人代为办理时提交',form='blank-forms/授权委托书.docx')
def S(code,name,ids): return {'code':code,'name':name,'materialIds':ids}
def item(code,name,dept,kind,legal,promised,mats,scen,instant=False,delivery=('pickup','post')):
    return {'code':code,'name':name,'department':dept,'kind':kind,'legalLimitDays':legal,'promisedLimitDays':promised,'instant':instant,'delivery':list(delivery),'materials':mats,'scenarios':scen,'demo':True}
items=[]
# 建筑渣土运输处置证: exactly two e-licence exemptable in 新办 (营业执照, 道路运输经营许可证)
items.append(item('SLH-XK-0001','建筑渣土运输处置证',LH,'licensing',20,5,[
  APP('建筑渣土运输处置证'), BL(),
  M('M03','道路运输经营许可证',el='road-transport-permit',note='已归集电子证照的免于提交'),
  M('M04','运输车辆机动车行驶证',ds='公安交管车辆登记信息核验',note='通过数据共享核验车辆登记信息后免于提交'),
  M('M05','运输车辆安装卫星定位及密闭装置的证明',commit=True,note='可签署告知承诺书替代，事后核查'),
  M('M06','驾驶员名单及机动车驾驶证',pres='copy',defic=True),
  M('M07','企业安全生产管理制度',pres='original',commit=True),
  M('M08','原建筑渣土运输处置证',pres='original',el='waste-transport-permit'),
  M('M09','车辆变更证明材料',req='conditional',cond='变更运输车辆时提交'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M06','M07','M99']),
   S('YX','延续',['M01','M08','M04','M05','M99']),
   S('BG','变更',['M01','M08','M09','M04','M99']),
   S('ZX','注销',['M01','M08','M99'])]))
items.append(item('SLH-XK-0002','对陆生野生动、植物进出口的许可',LH,'licensing',20,10,[
  APP('陆生野生动植物进出口'), BL(),
  M('M03','进出口合同或协议',pres='copy'),
  M('M04','野生动植物来源合法证明',pres='copy'),
  M('M05','驯养繁殖或经营利用许可证',el='wildlife-domestication-permit',req='conditional',cond='涉及人工繁育的提交'),
  M('M06','物种鉴定及数量说明',pres='original',commit=True),
  AGENT()],
  [S('JK','进口',['M01','M02','M03','M04','M06','M99']), S('CK','出口',['M01','M02','M03','M04','M05','M06','M99'])]))
items.append(item('SLH-XK-0003','植物调运检疫',LY,'licensing',20,3,[
  APP('植物检疫'), BL(),
  M('M03','产地检疫合格证或植物检疫证书',el='plant-quarantine-certificate'),
  M('M04','调运植物及植物产品清单',pres='original'),
  M('M05','调入地检疫要求书',req='conditional',cond='调入地有特殊检疫要求时提交',commit=True),
  AGENT()],
  [S('DC','调出',['M01','M02','M03','M04','M99']), S('DR','调入',['M01','M02','M04','M05','M99'])]))
items.append(item('SLH-XK-0004','户外非广告设施设置',LH,'licensing',20,8,[
  APP('户外非广告设施设置'), BL(),
  M('M03','设施设计效果图及结构图',pres='original',copies=2),
  M('M04','场地使用权证明',pres='copy',ds='不动产登记信息核验'),
  M('M05','结构安全检测报告',commit=True),
  M('M06','原设置许可决定书',pres='original'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M99']), S('YX','延续',['M01','M06','M05','M99']), S('ZX','注销',['M01','M06','M99'])]))
items.append(item('SLH-XK-0005','绿地占用和树木迁移砍伐',LH,'licensing',20,10,[
  APP('绿地占用和树木迁移砍伐'), BL(),
  M('M03','建设工程规划许可证',ds='规划资源建设工程规划许可核验'),
  M('M04','占用绿地或迁移树木的平面图及清单',pres='original',copies=2),
  M('M05','绿地补偿及树木移植方案',pres='original'),
  M('M06','树木权属单位同意意见',req='conditional',cond='树木非申请人所有时提交',commit=True),
  AGENT()],
  [S('ZYLD','占用绿地',['M01','M02','M03','M04','M05','M99']),
   S('SMQY','树木迁移',['M01','M02','M04','M05','M06','M99']),
   S('SMKF','树木砍伐',['M01','M02','M04','M06','M99'])]))
items.append(item('SLH-XK-0006','公益林地占用和林木迁移采伐',LY,'licensing',20,10,[
  APP('公益林地占用和林木迁移采伐'), BL(),
  M('M03','林权证或不动产权证',el='forest-right-certificate'),
  M('M04','使用林地可行性报告或现状调查表',pres='original'),
  M('M05','林木采伐作业设计',pres='original'),
  M('M06','森林植被恢复费缴纳承诺',pres='original',commit=True),
  AGENT()],
  [S('ZYLD','占用林地',['M01','M02','M03','M04','M06','M99']), S('CF','林木采伐',['M01','M02','M03','M05','M99'])]))
items.append(item('SLH-XK-0007','生活垃圾收、运、处经营许可证',LH,'licensing',20,10,[
  APP('生活垃圾经营许可'), BL(),
  M('M03','收运车辆机动车行驶证',el='vehicle-licence'),
  M('M04','处置设施环境影响评价批复',req='conditional',cond='申请处置类经营时提交',ds='生态环境审批信息核验'),
  M('M05','专业技术人员名单及资格证明',pres='copy',defic=True),
  M('M06','作业服务规范及安全管理制度',pres='original',commit=True),
  M('M07','原生活垃圾经营许可证',pres='original',el='domestic-waste-permit'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M06','M99']), S('YX','延续',['M01','M07','M03','M99']),
   S('BG','变更',['M01','M07','M02','M99']), S('ZX','注销',['M01','M07','M99'])]))
items.append(item('SLH-XK-0008','临时性户外广告设置的许可',LH,'licensing',20,5,[
  APP('临时性户外广告设置'), BL(),
  M('M03','广告设计样稿及设置位置示意图',pres='original'),
  M('M04','场地权利人同意设置的证明',commit=True),
  M('M05','结构安全承诺书',pres='original',commit=True),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M99'])]))
items.append(item('SLH-XK-0009','对公园举办全园性活动的许可',LH,'licensing',20,10,[
  APP('公园举办全园性活动'), BL(),
  M('M03','活动方案（含安全预案及游客疏导方案）',pres='original'),
  M('M04','公园管理单位意见',pres='original',defic=True),
  M('M05','大型群众性活动安全许可',req='conditional',cond='活动规模达到大型群众性活动标准时提交',ds='公安大型活动许可核验'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M99'])]))
items.append(item('SLH-XK-0010','国外引进林草种子、苗木检疫的许可',LY,'licensing',20,10,[
  APP('国外引种检疫审批'), BL(),
  M('M03','引种单位种苗生产经营许可证',el='seedling-business-licence'),
  M('M04','引种计划及隔离试种方案',pres='original'),
  M('M05','输出国官方植物检疫证书（预审件）',pres='copy',defic=True),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M05','M99'])]))
# Songjiang District Ecology & Environment Bureau: 8 licensing items / 21 scenarios
SJAPP=lambda name: APP(name)
items.append(item('SJHB-XK-0001','建设项目环境影响评价文件审批',SJ,'licensing',60,10,[
  SJAPP('建设项目环境影响评价文件审批'), BL(),
  M('M03','环境影响报告书（表）',pres='original',copies=2),
  M('M04','建设项目备案或核准文件',ds='投资项目在线审批监管平台核验'),
  M('M05','公众参与说明',req='conditional',cond='编制报告书的项目提交',pres='original'),
  M('M06','原环评批复',pres='copy'),
  AGENT()],
  [S('BGS','报告书',['M01','M02','M03','M04','M05','M99']), S('BGB','报告表',['M01','M02','M03','M04','M99']),
   S('CXBP','重新报批',['M01','M02','M03','M06','M99'])]))
items.append(item('SJHB-XK-0002','排污许可证核发',SJ,'licensing',20,10,[
  SJAPP('排污许可证'), BL(),
  M('M03','排污许可证申请前信息公开情况说明',pres='original'),
  M('M04','环境影响评价批复',ds='生态环境审批信息核验'),
  M('M05','原排污许可证',pres='original',el='pollutant-discharge-permit'),
  M('M06','变更事项说明',pres='original',commit=True),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M99']), S('BG','变更',['M01','M05','M06','M99']),
   S('YX','延续',['M01','M05','M03','M99']), S('ZX','注销',['M01','M05','M99'])]))
items.append(item('SJHB-XK-0003','防治污染设施拆除或闲置审批',SJ,'licensing',20,10,[
  SJAPP('防治污染设施拆除或闲置'), BL(),
  M('M03','拆除或闲置理由及替代措施说明',pres='original'),
  M('M04','设施原环保审批文件',pres='copy',ds='生态环境审批信息核验'),
  AGENT()],
  [S('CC','拆除',['M01','M02','M03','M04','M99']), S('XZ','闲置',['M01','M02','M03','M99'])]))
items.append(item('SJHB-XK-0004','贮存危险废物超过一年的批准',SJ,'licensing',20,10,[
  SJAPP('延长危险废物贮存期限'), BL(),
  M('M03','危险废物贮存情况及延期理由说明',pres='original'),
  M('M04','危险废物管理计划备案',ds='危险废物管理信息系统核验'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M99'])]))
items.append(item('SJHB-XK-0005','辐射安全许可证核发（使用Ⅲ类射线装置）',SJ,'licensing',20,10,[
  SJAPP('辐射安全许可证'), BL(),
  M('M03','辐射安全管理制度及应急预案',pres='original',commit=True),
  M('M04','辐射工作人员培训合格证明',pres='copy',defic=True),
  M('M05','原辐射安全许可证',pres='original',el='radiation-safety-permit'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M99']), S('YX','延续',['M01','M05','M04','M99']),
   S('BG','变更',['M01','M05','M99']), S('ZX','注销',['M01','M05','M99'])]))
items.append(item('SJHB-XK-0006','入河排污口设置审核',SJ,'licensing',20,15,[
  SJAPP('入河排污口设置'), BL(),
  M('M03','入河排污口设置论证报告',pres='original',copies=2),
  M('M04','原排污口审核意见',pres='copy'),
  AGENT()],
  [S('XS','新设',['M01','M02','M03','M99']), S('BG','变更',['M01','M04','M03','M99'])]))
items.append(item('SJHB-XK-0007','建设工程夜间施工许可',SJ,'licensing',5,2,[
  SJAPP('夜间施工'), BL(),
  M('M03','建筑工程施工许可证',el='construction-permit'),
  M('M04','夜间施工噪声防治方案及周边居民告知情况',pres='original',commit=True),
  M('M05','原夜间施工许可决定',pres='copy'),
  AGENT()],
  [S('XB','新办',['M01','M02','M03','M04','M99']), S('YQ','延期',['M01','M05','M04','M99']), S('BG','变更',['M01','M05','M99'])]))
items.append(item('SJHB-XK-0008','建设项目环境影响后评价备案',SJ,'licensing',20,5,[
  SJAPP('环境影响后评价备案'), BL(),
  M('M03','环境影响后评价文件',pres='original'),
  AGENT()],
  [S('XB','备案',['M01','M02','M03','M99']), S('BG','变更备案',['M01','M03','M99'])]))
# Everyday instant public-service items (complete at the counter)
items.append(item('GG-JB-0001','绿化认建认养登记',LH,'public-service',0,0,[
  M('M01','认建认养登记表',pres='original',form='blank-forms/绿化认建认养登记表.docx'),
  M('M02','申请人身份证明',pres='original',ds='公安人口信息核验')],
  [S('GR','个人认养',['M01','M02']), S('DW','单位认建',['M01','M02'])], instant=True, delivery=('pickup',)))
items.append(item('GG-JB-0002','植物检疫证书真伪查验',LY,'public-service',0,0,[
  M('M01','待查验的植物检疫证书',pres='original',el='plant-quarantine-certificate')],
  [S('CY','查验',['M01'])], instant=True, delivery=('pickup',)))
items.append(item('GG-JB-0003','电子证照打印及信息查询',LH,'public-service',0,0,[
  M('M01','持证人身份证明',pres='original',ds='公安人口信息核验')],
  [S('DY','打印',['M01']), S('CX','查询',['M01'])], instant=True, delivery=('pickup',)))
cat={'version':'demo-2026.1','publishedAt':'2026-01-05','demo':True,
     'note':'演示数据：事项名称取自上海市绿化市容局、松江区生态环境局公开文件，情形、材料与时限为演示用的合理设定，并非官方办事指南。',
     'items':items}
json.dump(cat,open('/work/main/resources/catalog/demo-catalog.json','w'),ensure_ascii=False,indent=1)
print(len(items), sum(len(i['scenarios']) for i in items if i['code'].startswith('SJHB')))
