extension ActivityRegistry {
    /// Every activity plug-in that ships with wfrun. `signal` arrives with the event service.
    public static let standard = ActivityRegistry([
        StartActivity.self, SchedulerActivity.self, ForkActivity.self, JoinActivity.self, WaitActivity.self,
        LogActivity.self, AlertActivity.self, EndActivity.self,
        FetchActivity.self, QueryActivity.self, MapActivity.self, FilterActivity.self, TestActivity.self,
        UpsertActivity.self, AggregateActivity.self, PublishActivity.self,
    ])
}
