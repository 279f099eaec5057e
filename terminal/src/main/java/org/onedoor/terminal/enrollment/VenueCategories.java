package org.onedoor.terminal.enrollment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The venue categories of the seed documents (应用场所, ten classes, each with its sub-types), written
 * {@code class/sub-type} in ASCII so a configuration can be typed on any console, e.g. {@code shopping/market}.
 * The Chinese names are what the register prints. A new sub-type is a new release: the county and its terminals
 * must agree on the list, or a request is shown as having an unknown category.
 */
public final class VenueCategories {
    /** One category: its class and sub-type, each with its Chinese name. */
    public record Category(String code, String className, String name) {
        /** {@code 生活购物场所/市场}. */
        public String label() {
            return className + "/" + name;
        }
    }

    private static final Map<String, Category> ALL = new LinkedHashMap<>();

    static {
        add("medical_transport", "就诊交通场所", "hospital", "医院", "clinic", "诊所", "pharmacy", "药店",
                "public_transport", "公共交通工具", "bus_station", "汽车站", "rail_station", "火车站");
        add("sports_leisure", "体育游乐场所", "stadium", "体育场馆", "swimming", "游泳场馆", "gym", "健身馆",
                "scenic_area", "景区", "park", "公园");
        add("entertainment", "娱乐休闲场所", "cafe", "咖啡馆", "bar", "酒吧", "teahouse", "茶室", "ktv", "KTV",
                "cinema", "电影院", "bathhouse", "公共洗浴", "arcade", "电玩电竞", "internet_cafe", "网咖网吧",
                "card_room", "棋牌室", "mahjong", "麻将馆");
        add("culture", "文化交流场所", "theatre", "演艺馆", "library", "图书馆", "venue_hall", "会场馆");
        add("shopping", "生活购物场所", "bank", "银行", "service_hall", "营业厅", "parcel_point", "快递物流点",
                "supermarket", "超市", "market", "市场", "car_park", "公共停车场", "community_centre",
                "村(社区)服务中心", "residential_compound", "封闭式居民小区", "mall", "商场");
        add("beauty", "美容美发场所", "massage", "按摩院", "barber", "理发店", "beauty_salon", "美容院");
        add("lodging_catering", "住宿餐饮场所", "hotel", "酒店", "guesthouse", "宾馆", "restaurant", "餐馆");
        add("education_care", "教育救助场所", "school", "学校", "kindergarten", "幼儿园", "training", "培训机构",
                "care_home", "养老救助机构");
        add("factory_enterprise", "工厂企业场所", "factory", "工厂", "enterprise", "企业");
        add("government", "党政机关企事业单位", "government_office", "机关单位", "public_institution", "企事业单位");
    }

    private VenueCategories() {
    }

    private static void add(String classCode, String className, String... subTypes) {
        for (int i = 0; i < subTypes.length; i += 2) {
            String code = classCode + "/" + subTypes[i];
            ALL.put(code, new Category(code, className, subTypes[i + 1]));
        }
    }

    public static Optional<Category> find(String code) {
        return Optional.ofNullable(ALL.get(code));
    }

    /** Every category, in the seeds' order. */
    public static List<Category> all() {
        return List.copyOf(ALL.values());
    }
}
